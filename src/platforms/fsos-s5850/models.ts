/**
 * The hardware models known to run FSOS 7.x, the S5850 dialect. The inventory's
 * `platform: fsos` picks this dialect only for these; any other model is an error,
 * because FS.com sells switches named alike that run other software: the S5860 runs
 * FSOS 12.x and the S5810 FSOS 11.x, with CLIs this platform data does not describe.
 * A model is listed once a capture shows it running FSOS 7.
 */
export const FSOS_S5850_MODELS: readonly string[] = Object.freeze([
  'S5850-48S6Q', // `show version`: `FSOS Software, S5850, Version 7.2.2`, `Hardware Type is 48S6Q`
  'S5850-48T4Q', // FSOS 7.0.4 (Oxidized's fsos model was tested against it)
  'S5800-48MBQ', // FSOS 7.0.4 (same source)
  'S5800-48T4S', // FSOS 7.4.1
]);
