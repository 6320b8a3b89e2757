/** What doctor found on this host, each finding with the fix for it. */

export const DOCTOR_CHECKS = ["lint-host", "service", "listener", "firewall", "upload-dirs", "container", "verify"] as const;
export type DoctorCheckId = (typeof DOCTOR_CHECKS)[number];

export type DoctorSeverity = "error" | "warning" | "info";

export interface DoctorFinding {
  readonly check: DoctorCheckId;
  readonly severity: DoctorSeverity;
  /** What is wrong, in one line. */
  readonly message: string;
  /** What to do about it, in one line. */
  readonly fix: string;
  /** A lint code when the finding is lint's. */
  readonly code?: string;
}
