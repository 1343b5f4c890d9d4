/**
 * Application events of the token lifecycle. They carry fingerprints and instants, never
 * a token.
 */
@NullMarked
package com.marketiger3d.auth.token.event;

import org.jspecify.annotations.NullMarked;
