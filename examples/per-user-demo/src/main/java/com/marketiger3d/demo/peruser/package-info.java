/**
 * A WebFlux demo of marketiger-auth in per-user mode: the application's own users sign in
 * with Spring Security, each connects their own MarkeTiger account once, and the
 * starter's {@code WebClient} calls the API with the token of the user whose request it
 * serves. An embedded API simulator runs it without accounts.
 */
@NullMarked
package com.marketiger3d.demo.peruser;

import org.jspecify.annotations.NullMarked;
