/**
 * JSON Schemas of the three inventory file kinds. Formats that need real parsing (MAC,
 * IP address) and references between files are checked after the schema, in
 * cross-references.ts, so that each message can say exactly what is wrong.
 *
 * `x-message` is an annotation read by schema-check.ts: the sentence shown when a
 * `pattern` fails, instead of the raw regular expression.
 */

/** Names that end up in file paths (`baselines/<site>/<device>.cfg`) or template names. */
const safeName = {
  type: 'string',
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  'x-message': 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
} as const;

/** `password: { env: NAME }`, `{ file: PATH }` or a literal string. */
const secretRef = {
  type: ['string', 'object'],
  properties: {
    env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', 'x-message': 'must be an environment variable name (letters, digits, _)' },
    file: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
} as const;

const credentials = {
  type: 'object',
  properties: {
    username: { type: 'string', minLength: 1 },
    password: secretRef,
    enable: secretRef,
    private_key: { type: 'string', minLength: 1 },
  },
  additionalProperties: false,
} as const;

const vars = { type: 'object' } as const;

/** Settings that every level (defaults, group, site, device) may carry. */
const levelSettings = {
  platform: { type: 'string' },
  credentials,
  factory: credentials,
  vars,
} as const;

const device = {
  type: 'object',
  properties: {
    ...levelSettings,
    model: { type: 'string', minLength: 1 },
    role: safeName,
    groups: { type: 'array', items: { type: 'string' } },
    mac: { type: 'string' },
    serial: { type: 'string', minLength: 1 },
    mgmt: {
      type: 'object',
      properties: {
        host: { type: 'string', minLength: 1 },
        port: { type: 'integer', minimum: 1, maximum: 65535 },
      },
      required: ['host'],
      additionalProperties: false,
    },
    uplink: {
      type: 'object',
      properties: {
        device: { type: 'string', minLength: 1 },
        port: { type: 'string', minLength: 1 },
        local_port: { type: 'string', minLength: 1 },
      },
      required: ['device', 'port'],
      additionalProperties: false,
    },
    circuit_id: { type: 'string', minLength: 1 },
    description: { type: 'string' },
  },
  required: ['mgmt'],
  additionalProperties: false,
} as const;

/** `inventory/defaults.yml`. */
export const defaultsSchema = {
  type: 'object',
  properties: { ...levelSettings },
  additionalProperties: false,
} as const;

/** `inventory/groups.yml`: group name → settings. */
export const groupsSchema = {
  type: 'object',
  propertyNames: safeName,
  additionalProperties: {
    type: 'object',
    properties: { ...levelSettings, description: { type: 'string' } },
    additionalProperties: false,
  },
} as const;

/** `inventory/sites/<site>.yml`. */
export const siteSchema = {
  type: 'object',
  properties: {
    ...levelSettings,
    site: safeName,
    description: { type: 'string' },
    devices: { type: 'object', propertyNames: safeName, additionalProperties: device },
  },
  required: ['devices'],
  additionalProperties: false,
} as const;
