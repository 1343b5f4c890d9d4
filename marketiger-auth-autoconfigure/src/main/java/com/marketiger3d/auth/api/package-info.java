/**
 * The MarkeTiger3D authentication API: the Login and RefreshToken calls, the parsing of
 * their envelopes and the exceptions every outcome maps to. Knows HTTP and JSON, nothing
 * else.
 */
@NullMarked
package com.marketiger3d.auth.api;

import org.jspecify.annotations.NullMarked;
