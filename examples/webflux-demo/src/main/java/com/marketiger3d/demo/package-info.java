/**
 * A WebFlux demo of marketiger-auth: a few endpoints that call the MarkeTiger3D API
 * through the starter's {@code WebClient}, a log of the token lifecycle, and an embedded
 * API simulator for running it without an account.
 */
@NullMarked
package com.marketiger3d.demo;

import org.jspecify.annotations.NullMarked;
