/**
 * Test support for applications that use marketiger-auth: the MarkeTiger3D API simulator
 * started for a test's application context with
 * {@link com.marketiger3d.auth.test.simulator.AutoConfigureMarketigerSimulator}, or for a
 * plain JUnit test with
 * {@link com.marketiger3d.auth.test.simulator.MarketigerSimulatorExtension}.
 */
@NullMarked
package com.marketiger3d.auth.test.simulator;

import org.jspecify.annotations.NullMarked;
