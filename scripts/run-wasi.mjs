// Runs a wasm32-wasip1 program under Node's WASI (used by `make bench` to measure the core in
// wasm). Usage: node scripts/run-wasi.mjs PROGRAM.wasm [ARGS...]
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';

process.removeAllListeners('warning'); // node:wasi prints an "experimental" warning
const [program, ...args] = process.argv.slice(2);
const wasi = new WASI({ version: 'preview1', args: [program, ...args], env: {}, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(program));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
