package com.marketiger3d.auth.web.servlet;

import java.util.Objects;

import com.marketiger3d.auth.token.BlockingTokenAccess;

import org.springframework.http.HttpRequest;

/**
 * Gives every request the service account's session.
 */
final class ServiceAccountSessionResolver implements SessionResolver {

	private final BlockingTokenAccess tokens;

	ServiceAccountSessionResolver(BlockingTokenAccess tokens) {
		this.tokens = Objects.requireNonNull(tokens, "tokens must not be null");
	}

	@Override
	public BlockingTokenAccess resolve(HttpRequest request) {
		return this.tokens;
	}

	@Override
	public String toString() {
		return "SessionResolver[service account]";
	}

}
