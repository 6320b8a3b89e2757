/**
 * The passive port range vsftpd uses (privops.c vsf_privop_pasv_listen): it
 * starts as 1024-65535 and each bound replaces its end only when it fits,
 * silently otherwise.
 */
export function passiveRange(min: number, max: number): { min: number; max: number } {
  const lo = min > 1024 && min <= 65535 ? min : 1024;
  const hi = max >= lo && max < 65535 ? max : 65535;
  return { min: lo, max: hi };
}
