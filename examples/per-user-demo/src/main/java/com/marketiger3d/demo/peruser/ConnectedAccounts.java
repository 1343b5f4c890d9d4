package com.marketiger3d.demo.peruser;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Which MarkeTiger e-mail each user connected, to show it on the pages: what an
 * application would keep in its own user table. Never a password or a token: the starter
 * keeps the tokens, and the password is not kept at all.
 * <p>
 * This class is thread-safe.
 */
@Component
class ConnectedAccounts {

	private final Map<String, String> emails = new ConcurrentHashMap<>();

	void remember(String user, String email) {
		this.emails.put(user, email);
	}

	@Nullable String emailOf(String user) {
		return this.emails.get(user);
	}

	void forget(String user) {
		this.emails.remove(user);
	}

}
