/**
 * What operators see: the health indicator, the actuator endpoint and the token gauges.
 * Nothing here shows a token or a password, and nothing here calls the API.
 */
@NullMarked
package com.marketiger3d.auth.actuate;

import org.jspecify.annotations.NullMarked;
