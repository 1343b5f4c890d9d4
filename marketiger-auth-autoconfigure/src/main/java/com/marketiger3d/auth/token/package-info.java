/**
 * The token lifecycle: {@link com.marketiger3d.auth.token.TokenPair}, the timing rules,
 * the {@link com.marketiger3d.auth.token.TokenStore} SPI and the
 * {@link com.marketiger3d.auth.token.TokenRefreshService} that keeps a usable token at
 * hand.
 */
@NullMarked
package com.marketiger3d.auth.token;

import org.jspecify.annotations.NullMarked;
