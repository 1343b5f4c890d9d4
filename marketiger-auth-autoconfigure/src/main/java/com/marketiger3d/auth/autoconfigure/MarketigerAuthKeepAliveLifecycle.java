package com.marketiger3d.auth.autoconfigure;

import com.marketiger3d.auth.token.TokenKeepAlive;
import com.marketiger3d.auth.token.TokenRefreshService;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the service account's session alive while the context runs
 * ({@code marketiger.auth.keep-alive}), and stops with it.
 */
final class MarketigerAuthKeepAliveLifecycle implements SmartLifecycle {

	private final TokenRefreshService tokens;

	private volatile @Nullable TokenKeepAlive keepAlive;

	MarketigerAuthKeepAliveLifecycle(TokenRefreshService tokens) {
		this.tokens = tokens;
	}

	@Override
	public void start() {
		this.keepAlive = this.tokens.keepAlive().start();
	}

	@Override
	public void stop() {
		TokenKeepAlive running = this.keepAlive;
		if (running != null) {
			running.dispose();
		}
		this.keepAlive = null;
	}

	@Override
	public boolean isRunning() {
		return this.keepAlive != null;
	}

}
