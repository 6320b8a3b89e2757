/** Every check, in the order verify runs and reports them. */
import { active } from "./active.js";
import { anonymousLogin } from "./anonymous-login.js";
import { anonymousDelete, anonymousMkdir, anonymousUpload } from "./anonymous-writes.js";
import { banner } from "./banner.js";
import { certificate } from "./certificate.js";
import type { Check } from "./check.js";
import { feat } from "./feat.js";
import { jail } from "./jail.js";
import { localLogin } from "./local-login.js";
import { epsv, passive } from "./passive.js";
import { roundTrip } from "./round-trip.js";
import { tlsData } from "./tls-data.js";
import { tlsForced } from "./tls-forced.js";
import { tlsOffered } from "./tls-offered.js";
import { tlsOldProtocols } from "./tls-old-protocols.js";

export const CHECKS: readonly Check[] = [
  banner,
  feat,
  anonymousLogin,
  anonymousUpload,
  anonymousMkdir,
  anonymousDelete,
  localLogin,
  jail,
  roundTrip,
  passive,
  epsv,
  active,
  tlsOffered,
  tlsForced,
  tlsData,
  tlsOldProtocols,
  certificate,
];
