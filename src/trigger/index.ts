/**
 * The trigger: log sources (tailed files with rotation and saved offsets, syslog, the
 * hook command), DHCP parsers, rules, identification, the job queue and the daemon.
 * It never talks SSH: the actions are handlers injected by src/app.
 */
export type { Decision, DhcpServer, JobHandlers, JobOutcome, JobSpec, LeaseEvent, TriggerLogEntry } from './types.js';
export { parseLine, LeaseReader } from './parse-line.js';
export { loadRules, validateRules, compileRuleSources, parseSyslogUrl, type InputSpec } from './rules-load.js';
export type { CompiledRule } from './rules-compile.js';
export { normalizeHostname } from './identify.js';
export { DecisionEngine, type Verdict } from './decide.js';
export { replayFiles, type ReplayStats } from './replay.js';
export { convertSec } from './sec-import.js';
export { hookEvents, type HookFlags } from './hook-event.js';
export { execEnvironment, runExec } from './exec-action.js';
export { requestControl, SOCKET_FILE } from './control.js';
export { syslogToLine, listenSyslog, SyslogFramer } from './syslog.js';
export { readStatus, type WatchStatus } from './status.js';
export { Watcher, type WatcherOptions, type WatchContext } from './watcher.js';
export { readJournal } from './journal.js';
