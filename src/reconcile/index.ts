/** Reconcile: plan → apply → verify → save → back up, rollback, locks, run records, provisioning. */
export { reconcileDevice, type ReconcileContext } from './device-run.js';
export { reconcileFleet, DEFAULT_FORKS } from './fleet.js';
export { provisionDevice, type ProvisionOptions } from './provision.js';
export { readBindings } from './bindings.js';
export { teamConnector, connectWith, endpointOf, type Endpoint } from './connect.js';
export { loadEndpoints } from './endpoints.js';
export { recordKeyOffer, readKeyOffers, keyOffersOf, clearKeyOffers, type KeyOffer } from './key-offers.js';
export { acquireDeviceLock } from './lock.js';
export { exitCodeOf, type DeviceResult, type Step, type ReconcileObserver } from './types.js';
