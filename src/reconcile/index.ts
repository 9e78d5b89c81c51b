/** Reconcile: plan → apply → verify → save → back up, rollback, locks, run records, provisioning. */
export { reconcileDevice, type ReconcileContext } from './device-run.js';
export { reconcileFleet, DEFAULT_FORKS } from './fleet.js';
export { provisionDevice, type ProvisionOptions } from './provision.js';
export { readBindings } from './bindings.js';
export { teamConnector, connectWith, endpointOf, type Endpoint, type ConnectorOptions } from './connect.js';
export { loadEndpoints } from './endpoints.js';
export { recordKeyOffer, readKeyOffers, keyOffersOf, clearKeyOffers, type KeyOffer } from './key-offers.js';
export { acquireDeviceLock, type DeviceLock } from './lock.js';
export { saveBackup, appendRunRecord, BACKUPS_KEPT, type RunRecord } from './records.js';
export { exitCodeOf, type DeviceResult, type Outcome, type Step, type ReconcileObserver, type RunError, type RollbackResult } from './types.js';
