/**
 * Errors of a device session. Each names the device (`host:port`), and where a command
 * was involved, the last command and the tail of the session transcript (secrets masked),
 * so a user sees what the switch printed without re-running with debug on.
 */
import { SwitchyardError, type ErrorCode } from '../errors.js';

/** Where a device error happened. */
interface DeviceErrorContext {
  readonly host: string;
  readonly port: number;
  /** The last command sent (masked), if any. */
  readonly lastCommand?: string;
  /** The last lines of the transcript (masked). */
  readonly transcriptTail?: string;
  readonly hint?: string;
  readonly cause?: unknown;
}

/** An error talking to one device: connect, auth, host key, timeout, disconnect. */
export class DeviceError extends SwitchyardError {
  readonly host: string;
  readonly port: number;
  readonly lastCommand: string | undefined;
  readonly transcriptTail: string | undefined;

  constructor(code: ErrorCode, message: string, context: DeviceErrorContext) {
    super(code, formatMessage(message, context), { hint: context.hint, cause: context.cause });
    this.host = context.host;
    this.port = context.port;
    this.lastCommand = context.lastCommand;
    this.transcriptTail = context.transcriptTail;
  }
}

/**
 * The device presented a host key other than the one pinned for its address. Carries
 * both keys, so the caller can record the offer for `switchyard keys accept`.
 */
export class HostKeyMismatchError extends DeviceError {
  /** The key the device presented (`type base64`). */
  readonly presented: string;
  /** The keys pinned for the address. */
  readonly pinned: readonly string[];

  constructor(message: string, keys: { presented: string; pinned: readonly string[] }, context: DeviceErrorContext) {
    super('DEVICE_HOSTKEY', message, context);
    this.presented = keys.presented;
    this.pinned = keys.pinned;
  }
}

/** The device answered a command with one of its platform's error patterns. */
export class CommandRejectedError extends DeviceError {
  /** The rejected command (masked). */
  readonly command: string;
  /** Index of the command in the list given to `configure` (0 for `run`). */
  readonly index: number;
  /** What the device printed for it (masked), without echo and prompt. */
  readonly output: string;

  constructor(details: { command: string; index: number; output: string }, context: DeviceErrorContext) {
    const firstError = details.output.trim().split('\n').filter((l) => l.trim() !== '' && !/^\s*\^\s*$/.test(l)).pop() ?? '';
    super('COMMAND_REJECTED', `rejected command ${details.index + 1} \`${details.command}\`: ${firstError.trim()}`, {
      ...context,
      lastCommand: details.command,
    });
    this.command = details.command;
    this.index = details.index;
    this.output = details.output;
  }
}

function formatMessage(message: string, context: DeviceErrorContext): string {
  let text = `${context.host}:${context.port}: ${message}`;
  if (context.transcriptTail !== undefined && context.transcriptTail.trim() !== '') {
    const tail = context.transcriptTail.replace(/\s+$/, '');
    text += `\n--- last output${context.lastCommand === undefined ? '' : ` (after \`${context.lastCommand}\`)`} ---\n${tail}\n---`;
  }
  return text;
}

/** The last `lines` lines of `text` (at most `chars` characters). */
export function tail(text: string, lines = 12, chars = 2000): string {
  const cut = text.length > chars ? text.slice(text.length - chars) : text;
  const parts = cut.split('\n');
  return parts.slice(Math.max(0, parts.length - lines)).join('\n');
}
