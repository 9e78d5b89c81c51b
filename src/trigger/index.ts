/**
 * The trigger: log sources (tailed files with rotation and saved offsets, syslog, the
 * hook command), DHCP parsers, rules, identification, the job queue and the daemon.
 * It never talks SSH: the actions are handlers injected by the CLI.
 */
export type { Decision, DecisionAction, DhcpServer, JobHandlers, JobOutcome, JobSpec, LeaseEvent, TriggerLogEntry, TriggerLogger } from './types.js';
export { parseLine, LeaseReader, LINE_KEYWORDS, type ParsedLine } from './parse-line.js';
export { OPTION82_TAG } from './parse-dhcpd.js';
export { decodeAgentId, parseDuration } from './values.js';
export { loadRules, validateRules, compileRuleSources, readRulesSources, parseSyslogUrl, type RuleSet, type InputSpec, type RulesSource } from './rules-load.js';
export { DEFAULT_SUPPRESS_MS, DEFAULT_EXEC_TIMEOUT_MS, type CompiledRule } from './rules-compile.js';
export { identifyByMac, devicesByCircuitId, devicesByLldp, normalizeHostname, type IdentifyContext } from './identify.js';
export { DecisionEngine, decision, type Verdict, type EngineContext } from './decide.js';
export { replayFiles, type ReplayStats } from './replay.js';
export { convertSec, type SecConversion, type SecProblem } from './sec-import.js';
export { hookEvents, type HookFlags, type HookResult } from './hook-event.js';
export { execEnvironment, runExec } from './exec-action.js';
export { requestControl, SOCKET_FILE } from './control.js';
export { syslogToLine, listenSyslog, SyslogFramer, type SyslogListener } from './syslog.js';
export { readStatus, STATUS_FILE, type WatchStatus } from './status.js';
export { Watcher, type WatcherOptions, type WatchContext } from './watcher.js';
export { JOURNAL_FILE, readJournal, type JournalRecord } from './journal.js';
export { OFFSETS_FILE } from './offsets.js';
/** Still imported from here by app/job-handlers.ts; the type is src/device's, and this line goes once that file imports it from there. */
export type { LldpNeighbour } from '../device/index.js';
