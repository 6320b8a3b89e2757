import type { DoctorContext } from "../context.js";
import type { DoctorCheckId, DoctorFinding } from "../types.js";

export interface DoctorCheck {
  readonly id: DoctorCheckId;
  run(ctx: DoctorContext): Promise<readonly DoctorFinding[]>;
}
