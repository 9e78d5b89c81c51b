/**
 * JSON Schema of a `rules/*.yml` file (docs/watch.md, rules). Regular expressions,
 * durations and the pairing of `action: exec` with its `exec:` list are checked after the
 * schema, in rules-load.ts, so each message can say exactly what is wrong and where.
 */

const regexText = { type: 'string', minLength: 1 } as const;
const duration = {
  type: ['string', 'number'],
  pattern: '^\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)?$',
  'x-message': 'must be a duration such as 30s, 10m, 1h or 500ms',
  minimum: 0,
} as const;

/** The event fields a rule's `match:` may test, each with a regular expression. */
export const MATCH_FIELDS = ['type', 'ip', 'mac', 'hostname', 'circuitId', 'circuit_id', 'relay', 'iface', 'source', 'server'] as const;

const rule = {
  type: 'object',
  required: ['name', 'action'],
  properties: {
    name: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
      'x-message': 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
    },
    description: { type: 'string' },
    match: {
      type: 'object',
      properties: Object.fromEntries(MATCH_FIELDS.map((f) => [f, regexText])),
      additionalProperties: false,
    },
    pattern: regexText,
    contains: { type: 'string', minLength: 1 },
    ignore_case: { type: 'boolean' },
    action: { enum: ['reconcile', 'provision', 'exec', 'log'] },
    exec: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    timeout: duration,
    message: { type: 'string' },
    suppress: duration,
    continue: { type: 'boolean' },
  },
  additionalProperties: false,
} as const;

/** Schema of one rules file. */
export const rulesFileSchema = {
  type: 'object',
  properties: {
    inputs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          file: { type: 'string', minLength: 1 },
          syslog: {
            type: 'string',
            pattern: '^(udp|tcp)://.+:\\d{1,5}$',
            'x-message': 'must be udp://HOST:PORT or tcp://HOST:PORT',
          },
        },
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 1,
      },
    },
    rules: { type: 'array', items: rule },
  },
  additionalProperties: false,
} as const;
