/**
 * The span store: every accepted span kept for drill-down (a metric to the one feature that caused
 * it), in append-only segment files bounded by age and size, with an in-memory index by trace id
 * and by the attributes a search filters on. The query side serves it in Grafana Tempo's API shape.
 */
package io.pipescope.store.traces;
