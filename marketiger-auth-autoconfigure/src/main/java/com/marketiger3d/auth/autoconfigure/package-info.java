/**
 * Auto-configuration of marketiger-auth and its {@code marketiger.auth.*} properties:
 * wiring only.
 */
@NullMarked
package com.marketiger3d.auth.autoconfigure;

import org.jspecify.annotations.NullMarked;
