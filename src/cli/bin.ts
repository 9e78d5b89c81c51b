#!/usr/bin/env node
// Entry point of the `switchyard` executable.
import { tuneHeapForConfigs } from '../util/heap.js';
import { main } from './main.js';

tuneHeapForConfigs();
process.exitCode = await main(process.argv.slice(2));
