/**
 * Preloaded into the worker process with `node --require` (npm start, docker-compose). Node runs
 * `--require` modules in every thread, so this reaches the Temporal SDK's workflow thread
 * (`@temporalio/worker` 1.24), where two per-activation costs took most of its time under
 * `npm run bench` (profiled; see the README's speed section):
 *
 * 1. The SDK runs each call into a workflow with `vm` `runInContext(…, { timeout: 5 s })`, and Node
 *    starts and joins a watchdog thread for every such call (nodejs/node#47739): about half of
 *    the workflow thread. Here those calls run without it, and one watchdog for the whole worker
 *    does the same job: the workflow thread marks when it enters and leaves a workflow in shared
 *    memory, the main thread looks every second, and a workflow still running one call after
 *    `KEJIN_WORKFLOW_CALL_LIMIT_MS` (5,000, the SDK's own limit) — an endless loop — ends the
 *    worker process with the reason, so it is started afresh (npm start's supervisor, compose's
 *    restart policy) and Temporal hands the task on. The SDK would fail that task instead;
 *    either way the case waits until the code is mended.
 * 2. A promise hook compiles a function and captures a source-mapped stack trace for every promise
 *    a workflow creates, only to answer the `__stack_trace` query (the Temporal UI's "Stack Trace"
 *    tab): about 30 % of the thread. It is not installed: that query answers that stack traces are
 *    not collected; errors thrown in workflows keep their source-mapped stacks.
 *
 * tests/workflows/workflowThread.test.ts runs a worker process with this preload: cases run, the
 * hook is off, and a workflow caught in an endless loop ends the process.
 */
'use strict';
const Module = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');
const { BroadcastChannel, isMainThread } = require('node:worker_threads');

const CHANNEL = 'kejin-workflow-thread';
const limitMs = Number(process.env.KEJIN_WORKFLOW_CALL_LIMIT_MS ?? 5000);

if (isMainThread) {
  // The watchdog: each workflow thread sends its shared clock once.
  const clocks = [];
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = ({ data }) => clocks.push(new Float64Array(data));
  channel.unref();
  setInterval(() => {
    for (const clock of clocks) {
      const since = clock[0];
      if (since > 0 && Date.now() - since > limitMs) {
        console.error(
          `[kejin] a workflow has run one call for ${Date.now() - since} ms (limit ${limitMs} ms): an endless loop in ` +
            'workflow code? The worker exits so that it is started afresh and Temporal hands the task on.',
        );
        process.exit(70);
      }
    }
  }, 1000).unref();
} else {
  // 1. Calls into workflows without a watchdog thread each, timed on the shared clock instead.
  const run = vm.Script.prototype.runInContext;
  let clock;
  vm.Script.prototype.runInContext = function runInContext(context, options) {
    if (options?.timeout === undefined) return run.call(this, context, options);
    if (!clock) {
      clock = new Float64Array(new SharedArrayBuffer(8));
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage(clock.buffer);
      channel.close();
    }
    const { timeout: _, ...untimed } = options;
    const outer = clock[0];
    if (outer === 0) clock[0] = Date.now();
    try {
      return run.call(this, context, untimed);
    } finally {
      clock[0] = outer;
    }
  };

  // 2. No promise hook: the SDK's install() without it, as its module loads.
  const sdkWorkflowDir = join(dirname(require.resolve('@temporalio/worker')), 'workflow');
  const load = Module._load;
  Module._load = function loadAndPatch(request, parent, isMain) {
    const exports = load.call(this, request, parent, isMain);
    if (request === './vm-shared' && parent?.filename && dirname(parent.filename) === sdkWorkflowDir) {
      Module._load = load;
      const handlers = exports.globalHandlers;
      if (typeof handlers?.install !== 'function' || typeof handlers.overridePrepareStackTrace !== 'function') {
        console.warn(
          '[kejin] the Temporal SDK changed its internals: its promise hook stays on (scripts/prod/workflowThread.cjs)',
        );
        return exports;
      }
      handlers.install = function install() {
        if (this.installed) return;
        this.overridePrepareStackTrace();
        this.installed = true;
      };
    }
    return exports;
  };
}
