/**
 * A strict stand-in for the MarkeTiger3D API: Login, rotating refresh tokens with reuse
 * detection, a few Bearer-protected endpoints, fault injection and counters. Start it
 * embedded with
 * {@link com.marketiger3d.simulator.MarketigerApiSimulator#start(SimulatorSettings)} or
 * standalone with {@link com.marketiger3d.simulator.MarketigerApiSimulatorApplication}.
 */
@NullMarked
package com.marketiger3d.simulator;

import org.jspecify.annotations.NullMarked;
