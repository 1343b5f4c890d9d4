/**
 * A strict stand-in for the MarkeTiger3D API: Login, rotating refresh tokens with reuse
 * detection, a few Bearer-protected endpoints, fault injection and counters. Start it
 * embedded with
 * {@link com.marketiger3d.simulator.MarketigerSimulator#start(SimulatorSettings)} or
 * standalone with the {@code marketiger-api-simulator-app} example.
 */
@NullMarked
package com.marketiger3d.simulator;

import org.jspecify.annotations.NullMarked;
