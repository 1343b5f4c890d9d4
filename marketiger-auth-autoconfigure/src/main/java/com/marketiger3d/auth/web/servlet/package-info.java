/**
 * The {@link org.springframework.http.client.ClientHttpRequestInterceptor} that puts the
 * session's bearer token on the API requests of a {@code RestClient} or
 * {@code RestTemplate}.
 */
@NullMarked
package com.marketiger3d.auth.web.servlet;

import org.jspecify.annotations.NullMarked;
