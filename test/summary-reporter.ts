/** Prints one plain closing line, 'tests: N passed, N failed, N skipped', that CI logs can be read by. */
import type { Reporter, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>) {
    const n = { passed: 0, failed: 0, skipped: 0 }
    for (const mod of modules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') n.passed++
        else if (state === 'failed') n.failed++
        else n.skipped++
      }
    }
    console.log(`\ntests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped`)
  }
}
