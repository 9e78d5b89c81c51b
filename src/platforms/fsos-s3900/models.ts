/**
 * The hardware models known to run FSOS 1.7.x, the S3900 dialect (Edgecore-like). Not
 * here on purpose: the S3900 "-R" models (S3900-24T4S-R, …) run FSOS 2.2.x, whose CLI
 * differs (`config`, errors without `%`); a switch of the wrong dialect would reject the
 * first command pushed to it.
 */
export const FSOS_S3900_MODELS: readonly string[] = Object.freeze([
  'S3900-24T4S', // `show version`: ` Operation Code Version : 1.7.3`, ` Number of Ports : 28`
  'S3900-48T4S',
]);
