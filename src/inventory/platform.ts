/**
 * From a platform word (+ model) to the platform data to use, for the inventory and for
 * `diff --platform` alike, so both accept the same names. The words come from the registry
 * in src/platforms: a platform's own name, or a family of platforms that are not one dialect
 * (PLATFORM_FAMILIES), whose member the model picks — from the platforms' tables of known
 * models, never by guessing: a typo or a model running other software would otherwise
 * get commands it rejects.
 */
import { PLATFORMS, PLATFORM_FAMILIES, PLATFORM_WORDS, type PlatformName } from '../platforms/index.js';

/** The platform chosen, or why none is. */
type PlatformChoice =
  | { readonly ok: true; readonly platform: PlatformName }
  | { readonly ok: false; readonly message: string; readonly hint: string };

/** Whether `word` names a platform or a family of platforms. */
export function isPlatformWord(word: string): boolean {
  return PLATFORM_WORDS.includes(word);
}

/** What to write instead of an unknown platform word. */
export function platformWordsHint(): string {
  const families = Object.entries(PLATFORM_FAMILIES).map(([f, members]) => `${f}, which picks ${members.join(' or ')} by model`);
  return `known platforms: ${[...Object.keys(PLATFORMS), ...families].join(', ')}`;
}

/** The words to suggest where a device has no platform: the families (the model then picks the dialect), the platforms in brackets. */
export function suggestedPlatformWords(): string {
  const families = Object.keys(PLATFORM_FAMILIES);
  const names = Object.keys(PLATFORMS);
  return families.length === 0 ? names.join(', ') : `${families.join(', ')} (or ${names.join(', ')})`;
}

/** Resolves `word` (+ `model`) to one platform; see the file comment. */
export function choosePlatform(word: string, model: string | undefined): PlatformChoice {
  if (Object.hasOwn(PLATFORMS, word)) {
    const name = word as PlatformName;
    if (model === undefined || PLATFORMS[name].models === undefined || knows(name, model)) return { ok: true, platform: name };
    const family = familyOf(name);
    const other = family === undefined ? undefined : PLATFORM_FAMILIES[family]!.find((p) => knows(p, model));
    if (other !== undefined) {
      return { ok: false, message: `model ${model} speaks ${other}, not ${name}`, hint: `write platform: ${other}, or platform: ${family!} and the model picks the dialect` };
    }
    return unknownModel(name, model, family === undefined ? [name] : PLATFORM_FAMILIES[family]!);
  }
  const members = Object.hasOwn(PLATFORM_FAMILIES, word) ? PLATFORM_FAMILIES[word]! : undefined;
  if (members === undefined) return { ok: false, message: `unknown platform "${word}"`, hint: platformWordsHint() };
  if (model === undefined) {
    return {
      ok: false,
      message: `platform ${word} needs a model to pick its dialect (${members.join(' or ')})`,
      hint: `give the model (${knownModels(members)}) or name the dialect as platform`,
    };
  }
  const chosen = members.find((p) => knows(p, model));
  return chosen !== undefined ? { ok: true, platform: chosen } : unknownModel(word, model, members);
}

function unknownModel(word: string, model: string, among: readonly PlatformName[]): PlatformChoice {
  return {
    ok: false,
    message: `unknown model "${model}" for platform ${word}`,
    hint: `${knownModels(among)}; for a model not listed that speaks one of these dialects, name the dialect as platform and leave model out`,
  };
}

/** Model names compare without regard to case: `s3900-24t4s` is the S3900-24T4S. */
function knows(platform: PlatformName, model: string): boolean {
  const wanted = model.toUpperCase();
  return PLATFORMS[platform].models?.some((m) => m.toUpperCase() === wanted) === true;
}

function familyOf(platform: PlatformName): string | undefined {
  return Object.keys(PLATFORM_FAMILIES).find((f) => PLATFORM_FAMILIES[f]!.includes(platform));
}

function knownModels(platforms: readonly PlatformName[]): string {
  return `known models: ${platforms.map((p) => `${p}: ${(PLATFORMS[p].models ?? []).join(', ')}`).join('; ')}`;
}
