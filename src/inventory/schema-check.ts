/**
 * The one place that wraps ajv. Validates a positioned YAML document against a schema
 * and turns every ajv error into an InputProblem at the node it concerns, worded for a
 * network engineer rather than for a JSON Schema author.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { InputProblem } from '../errors.js';
import { pointerSegment, type PositionedYaml } from './yaml-positions.js';

// Each schema is compiled once per process and run on a handful of files: ajv's code
// optimiser costs more time (~40 ms at start-up) than it saves when validating.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { optimize: false } });
ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });

const compiled = new WeakMap<object, ValidateFunction>();

/** Validates `doc` against `schema`; returns one problem per finding (empty when valid). */
export function checkSchema(doc: PositionedYaml, schema: object): InputProblem[] {
  let validate = compiled.get(schema);
  if (validate === undefined) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(doc.value)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'if');
  return errors.map((e) => toProblem(doc, e));
}

function toProblem(doc: PositionedYaml, e: ErrorObject): InputProblem {
  const params = e.params as Record<string, unknown>;
  const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
  // A bad key (additional property, key pattern) is reported at the key itself.
  const badKey = typeof params.additionalProperty === 'string' ? params.additionalProperty : typeof params.propertyName === 'string' ? params.propertyName : undefined;
  const pointer = badKey === undefined ? e.instancePath : `${e.instancePath}/${pointerSegment(badKey)}`;
  const place = doc.place(pointer);
  const isCollection = typeof e.data === 'object' && e.data !== null;
  const pos = badKey !== undefined || isCollection ? (place.key ?? place.value) : place.value;
  const location = { file: doc.file, line: pos.line, column: pos.column };
  const { message, hint } = describe(e, params, parent, badKey);
  return hint === undefined ? { location, path: pointer || '/', message } : { location, path: pointer || '/', message, hint };
}

function describe(e: ErrorObject, params: Record<string, unknown>, parent: Record<string, unknown>, badKey: string | undefined): { message: string; hint?: string } {
  switch (e.keyword) {
    case 'required':
      return { message: `missing required field "${String(params.missingProperty)}"` };
    case 'additionalProperties': {
      const known = Object.keys((parent.properties ?? {}) as object);
      return { message: `unknown field "${badKey}"`, hint: known.length ? `allowed here: ${known.join(', ')}` : undefined };
    }
    case 'type': {
      const want = ([] as unknown[]).concat(params.type).map(String).join(' or ');
      const got = e.data === null ? 'nothing' : Array.isArray(e.data) ? 'a list' : typeof e.data === 'object' ? 'a mapping' : `${typeof e.data} ${JSON.stringify(e.data)}`;
      const hint = want.includes('string') && (typeof e.data === 'number' || typeof e.data === 'boolean') ? 'quote the value to make it a string' : undefined;
      return { message: `must be ${article(want)} (got ${got})`, hint };
    }
    case 'pattern': {
      const what = badKey === undefined ? `"${String(e.data)}"` : `name "${badKey}"`;
      const rule = typeof parent['x-message'] === 'string' ? parent['x-message'] : `must match ${String(params.pattern)}`;
      return { message: `${what} ${rule}` };
    }
    case 'minProperties':
    case 'maxProperties':
      if (parent.properties && 'env' in (parent.properties as object)) {
        return { message: 'a secret must be a string, { env: NAME } or { file: PATH }' };
      }
      return { message: e.message ?? e.keyword };
    case 'minLength':
      return { message: 'must not be empty' };
    case 'minimum':
    case 'maximum':
      return { message: `${String(e.data)} is out of range (${e.keyword === 'minimum' ? 'minimum' : 'maximum'} ${String(params.limit)})` };
    case 'enum':
      return { message: `must be one of: ${((params.allowedValues ?? []) as unknown[]).map(String).join(', ')}` };
    default:
      return { message: e.message ?? e.keyword };
  }
}

function article(type: string): string {
  const words: Record<string, string> = { object: 'mapping', array: 'list' };
  return type
    .split(' or ')
    .map((t) => words[t] ?? t)
    .map((t) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`))
    .join(' or ');
}
