/**
 * The {@link org.springframework.web.reactive.function.client.ExchangeFilterFunction}
 * that puts the session's bearer token on a {@code WebClient}'s API requests.
 */
@NullMarked
package com.marketiger3d.auth.web.reactive;

import org.jspecify.annotations.NullMarked;
