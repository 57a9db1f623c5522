/**
 * Prints one plain closing line, 'tests: N passed, N failed, N skipped', that CI logs can be read
 * by. A test file that failed to start (it did not load, or a beforeAll threw, so its tests never
 * ran) counts as a failure, and so does an error outside any test: the line never says 0 failed
 * on a failed run.
 */
import type { Reporter, SerializedError, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>) {
    const n = { passed: 0, failed: 0, skipped: 0 }
    for (const mod of modules) {
      let failedTests = 0
      for (const test of mod.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') n.passed++
        else if (state === 'failed') failedTests++
        else n.skipped++
      }
      n.failed += failedTests
      if (mod.state() === 'failed' && failedTests === 0) {
        n.failed++
        console.log(`\n${mod.moduleId}: failed outside its tests (it did not load, or a hook threw)`)
      }
    }
    n.failed += unhandledErrors.length
    console.log(`\ntests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped`)
  }
}
