/**
 * {@code pipescope demo}: a simulated software factory in front of a real pipescope, so a new user
 * sees every panel with data within a minute of cloning: a history of past weeks written straight
 * into the stores, then live traffic through the OTLP/gRPC client path.
 */
package io.pipescope.app.demo;
