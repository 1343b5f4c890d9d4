/**
 * Spring Security OAuth2 Client support: authorized client providers that perform
 * MarkeTiger's Login and RefreshToken, so that per-user tokens live in Spring Security's
 * {@code OAuth2AuthorizedClientService} and reach requests through its filter functions
 * and interceptors.
 */
@NullMarked
package com.marketiger3d.auth.security.oauth2;

import org.jspecify.annotations.NullMarked;
