package com.marketiger3d.auth.benchmarks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import com.marketiger3d.auth.api.ApiOrigin;
import com.marketiger3d.auth.api.IssuedTokens;
import com.marketiger3d.auth.api.MarketigerAuthClient;
import com.marketiger3d.auth.token.BlockingTokenAccess;
import com.marketiger3d.auth.token.InMemoryTokenStore;
import com.marketiger3d.auth.token.TokenRefreshService;
import com.marketiger3d.auth.web.reactive.MarketigerAuthExchangeFilterFunction;
import com.marketiger3d.auth.web.servlet.MarketigerAuthClientHttpRequestInterceptor;

/**
 * Our filter and interceptor as the auto-configuration wires them: a
 * {@link TokenRefreshService} over an in-memory store, started from configured tokens.
 */
final class MarketigerFixture {

	final TokenRefreshService tokens;

	final MarketigerAuthExchangeFilterFunction filter;

	final MarketigerAuthClientHttpRequestInterceptor interceptor;

	MarketigerFixture(URI baseUrl, IssuedTokens initialTokens, Clock clock) {
		MarketigerAuthClient client = MarketigerAuthClient.builder(baseUrl)
			.clock(clock)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
		this.tokens = TokenRefreshService.builder(client, new InMemoryTokenStore())
			.initialTokens(initialTokens)
			.clock(clock)
			.build();
		this.filter = new MarketigerAuthExchangeFilterFunction(this.tokens, ApiOrigin.of(baseUrl));
		this.interceptor = new MarketigerAuthClientHttpRequestInterceptor(new BlockingTokenAccess(this.tokens),
				ApiOrigin.of(baseUrl));
		// Seeds the service from the configured tokens: no call to the server.
		this.tokens.accessToken().block(Duration.ofSeconds(10));
	}

}
