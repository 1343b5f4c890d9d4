/**
 * The answer to a web request whose MarkeTiger session needs a new login, for Spring MVC
 * and WebFlux alike.
 */
@NullMarked
package com.marketiger3d.auth.web;

import org.jspecify.annotations.NullMarked;
