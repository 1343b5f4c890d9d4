package com.marketiger3d.auth.autoconfigure;

import java.time.Duration;

import com.marketiger3d.auth.token.TokenRefreshService;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Obtains the first token while the context starts, so that wrong credentials or an
 * unreachable API stop the application instead of failing its first request.
 */
final class MarketigerAuthStartupLogin implements SmartInitializingSingleton {

	private final TokenRefreshService tokens;

	private final Duration timeout;

	MarketigerAuthStartupLogin(TokenRefreshService tokens, MarketigerAuthProperties properties) {
		this.tokens = tokens;
		MarketigerAuthProperties.Retry retry = properties.getRetry();
		Duration perCall = properties.getConnectTimeout().plus(properties.getResponseTimeout());
		this.timeout = perCall.plus(retry.getMaxBackoff()).multipliedBy(retry.getMaxAttempts());
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.tokens.accessToken().block(this.timeout);
	}

}
