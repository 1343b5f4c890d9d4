package com.marketiger3d.auth.security.oauth2;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import com.marketiger3d.auth.token.StoredTokenPair;
import com.marketiger3d.auth.token.TokenPair;
import com.marketiger3d.auth.token.TokenStore;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * Spring Security's authorized client service as the engine's {@link TokenStore}, for the
 * clients of one registration: a session key names a principal, and a pair is that
 * principal's authorized client.
 * <p>
 * The service keeps no version and offers no compare-and-set, so the version of a pair is
 * the instant it was obtained (the refresh token's issue instant, else the access
 * token's), in epoch milliseconds, and every pair written gets a version above the one it
 * replaces. The compare-and-set is a read, a comparison and a save: it is atomic only
 * because the engine writes a session's pair while holding its lease, and a holder reads
 * the store again before it refreshes, so it adopts a pair another instance saved. The
 * application's manager also saves the clients the provider returns; those are pairs the
 * engine obtained and wrote first.
 */
final class AuthorizedClientTokenStore implements TokenStore {

	private final ReactiveOAuth2AuthorizedClientService service;

	private final String registrationId;

	private final String keyPrefix;

	private final Duration refreshTokenLifetime;

	/** The registration a saved client carries: the same for every principal. */
	private final AtomicReference<@Nullable ClientRegistration> registration = new AtomicReference<>();

	AuthorizedClientTokenStore(ReactiveOAuth2AuthorizedClientService service, String registrationId,
			Duration refreshTokenLifetime) {
		this.service = Objects.requireNonNull(service, "service must not be null");
		this.registrationId = registrationId;
		this.keyPrefix = "oauth2-client:" + registrationId + ":";
		this.refreshTokenLifetime = refreshTokenLifetime;
	}

	/**
	 * Adapt a blocking service: its calls run on {@link Schedulers#boundedElastic()}.
	 */
	static ReactiveOAuth2AuthorizedClientService reactive(OAuth2AuthorizedClientService service) {
		Objects.requireNonNull(service, "service must not be null");
		return new ReactiveOAuth2AuthorizedClientService() {

			@Override
			@SuppressWarnings("unchecked")
			public <T extends OAuth2AuthorizedClient> Mono<T> loadAuthorizedClient(String registrationId,
					String principalName) {
				return Mono.fromCallable(() -> (T) service.loadAuthorizedClient(registrationId, principalName))
					.subscribeOn(Schedulers.boundedElastic());
			}

			@Override
			public Mono<Void> saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal) {
				return Mono.<Void>fromRunnable(() -> service.saveAuthorizedClient(client, principal))
					.subscribeOn(Schedulers.boundedElastic());
			}

			@Override
			public Mono<Void> removeAuthorizedClient(String registrationId, String principalName) {
				return Mono.<Void>fromRunnable(() -> service.removeAuthorizedClient(registrationId, principalName))
					.subscribeOn(Schedulers.boundedElastic());
			}

			@Override
			public String toString() {
				return service.toString();
			}

		};
	}

	/**
	 * Note the registration the clients of this store carry; the provider passes each
	 * context's.
	 */
	void use(ClientRegistration registration) {
		if (this.registration.get() == null) {
			this.registration.compareAndSet(null, registration);
		}
	}

	/**
	 * Return the session key of a principal's clients.
	 */
	String sessionKey(String principalName) {
		return this.keyPrefix + principalName;
	}

	@Override
	public Mono<StoredTokenPair> load(String sessionKey) {
		return this.service.<OAuth2AuthorizedClient>loadAuthorizedClient(this.registrationId, principalName(sessionKey))
			.map(this::stored);
	}

	@Override
	public Mono<StoredTokenPair> replace(String sessionKey, long expectedVersion, TokenPair pair) {
		String principalName = principalName(sessionKey);
		return load(sessionKey).map(StoredTokenPair::version).defaultIfEmpty(0L).flatMap((version) -> {
			// An older pair than the one expected is a manager's late save of a client
			// the
			// engine had already replaced: it is written over. A newer one, or none where
			// one was expected (the client was removed), wins.
			boolean replaceable = (expectedVersion == 0) ? version == 0 : version != 0 && version <= expectedVersion;
			if (!replaceable) {
				return Mono.empty();
			}
			TokenPair newer = after(pair, expectedVersion);
			return this.service.saveAuthorizedClient(client(principalName, newer), owner(principalName))
				.thenReturn(new StoredTokenPair(newer, version(newer)));
		});
	}

	/** Versions are instants: a later one is newer, whatever lineage its bits suggest. */
	@Override
	public boolean isNewer(long version, long known) {
		return version > known;
	}

	/** A manager's late save of a replaced client is older, and is written over. */
	@Override
	public boolean isRollback(long version, long known) {
		return false;
	}

	@Override
	public Mono<Void> delete(String sessionKey) {
		return this.service.removeAuthorizedClient(this.registrationId, principalName(sessionKey));
	}

	/**
	 * Return a client as the engine's pair, with its version.
	 */
	StoredTokenPair stored(OAuth2AuthorizedClient client) {
		OAuth2AccessToken accessToken = client.getAccessToken();
		OAuth2RefreshToken refreshToken = client.getRefreshToken();
		Instant obtainedAt = firstOf((refreshToken != null) ? refreshToken.getIssuedAt() : null,
				accessToken.getIssuedAt(), accessToken.getExpiresAt());
		Instant expiresAt = (accessToken.getExpiresAt() != null) ? accessToken.getExpiresAt() : obtainedAt;
		Instant refreshExpiresAt = null;
		if (refreshToken != null) {
			// Spring Security's JDBC service keeps no expiry of the refresh token.
			refreshExpiresAt = (refreshToken.getExpiresAt() != null) ? refreshToken.getExpiresAt()
					: obtainedAt.plus(this.refreshTokenLifetime);
		}
		TokenPair pair = new TokenPair(accessToken.getTokenValue(),
				(refreshToken != null) ? refreshToken.getTokenValue() : null, obtainedAt, expiresAt, refreshExpiresAt);
		return new StoredTokenPair(pair, version(pair));
	}

	/**
	 * Return the client of a principal for a pair. A token that arrived already expired
	 * keeps no {@code issuedAt}, which Spring Security refuses at or after
	 * {@code expiresAt}; its refresh token keeps the instant the pair was obtained.
	 */
	OAuth2AuthorizedClient client(String principalName, TokenPair pair) {
		ClientRegistration registration = this.registration.get();
		if (registration == null) {
			throw new IllegalStateException("No client registration '" + this.registrationId + "' was seen yet");
		}
		Instant expiresAt = pair.accessTokenExpiresAt();
		Instant issuedAt = expiresAt.isAfter(pair.obtainedAt()) ? pair.obtainedAt() : null;
		OAuth2AccessToken accessToken = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, pair.accessToken(),
				issuedAt, expiresAt);
		OAuth2RefreshToken refreshToken = (pair.refreshToken() != null)
				? new OAuth2RefreshToken(pair.refreshToken(), pair.obtainedAt(), pair.refreshTokenExpiresAt()) : null;
		return new OAuth2AuthorizedClient(registration, principalName, accessToken, refreshToken);
	}

	private String principalName(String sessionKey) {
		if (!sessionKey.startsWith(this.keyPrefix)) {
			throw new IllegalArgumentException(
					"Session key '" + sessionKey + "' is not one of registration '" + this.registrationId + "'");
		}
		return sessionKey.substring(this.keyPrefix.length());
	}

	/**
	 * Return {@code pair} obtained at least a millisecond after the pair of
	 * {@code replacedVersion}, so that versions only grow whatever the clocks of the
	 * instances that wrote them.
	 */
	private static TokenPair after(TokenPair pair, long replacedVersion) {
		Instant earliest = Instant.ofEpochMilli(replacedVersion + 1);
		if (!pair.obtainedAt().isBefore(earliest)) {
			return pair;
		}
		return new TokenPair(pair.accessToken(), pair.refreshToken(), earliest, pair.accessTokenExpiresAt(),
				pair.refreshTokenExpiresAt());
	}

	private static long version(TokenPair pair) {
		return Math.max(1, pair.obtainedAt().toEpochMilli());
	}

	private static Instant firstOf(@Nullable Instant first, @Nullable Instant second, @Nullable Instant third) {
		if (first != null) {
			return first;
		}
		if (second != null) {
			return second;
		}
		return (third != null) ? third : Instant.EPOCH;
	}

	private static Authentication owner(String principalName) {
		return UsernamePasswordAuthenticationToken.authenticated(principalName, null, List.of());
	}

	@Override
	public String toString() {
		return "AuthorizedClientTokenStore[registrationId=" + this.registrationId + ", service=" + this.service + "]";
	}

}
