/**
 * Prometheus's PromQL test-script language (promqltest) and the conformance test that runs
 * Prometheus's own scripts from {@code ../shared/promql-testdata/} against the engine, with the
 * evals it does not pass yet named in {@code src/test/resources/promql-skips.txt}.
 */
package io.pipescope.query.promql.promqltest;
