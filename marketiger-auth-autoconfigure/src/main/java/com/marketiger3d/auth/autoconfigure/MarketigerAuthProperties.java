package com.marketiger3d.auth.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of marketiger-auth, under {@code marketiger.auth}.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("marketiger.auth")
public class MarketigerAuthProperties {

	/**
	 * Whether to enable the MarkeTiger3D auth starter.
	 */
	private boolean enabled = true;

	/**
	 * Root URL of the MarkeTiger3D API.
	 */
	private String baseUrl = "https://devapi.marketiger3d.com/v2";

	/**
	 * E-mail of the account to log in with.
	 */
	private @Nullable String email;

	/**
	 * Password of the account to log in with.
	 */
	private @Nullable String password;

	/**
	 * Initial access token, for example from a secret store, used instead of a first
	 * login.
	 */
	private @Nullable String accessToken;

	/**
	 * Initial refresh token issued with the initial access token.
	 */
	private @Nullable String refreshToken;

	/**
	 * How long before the access token expires to start a background refresh.
	 */
	private Duration refreshAhead = Duration.ofSeconds(60);

	/**
	 * How long before its expiry a token is treated as expired, to absorb clock
	 * differences.
	 */
	private Duration clockSkew = Duration.ofSeconds(10);

	/**
	 * How long a refresh token is accepted after it was issued.
	 */
	private Duration refreshTokenLifetime = Duration.ofHours(12);

	/**
	 * Lifetime assumed for an access token without a readable 'exp' claim, or whose
	 * claims give a lifetime of zero or less, or of more than a year.
	 */
	private Duration defaultAccessTokenLifetime = Duration.ofMinutes(5);

	/**
	 * How old a token this instance obtained in answer to a 401 must be for another 401
	 * to renew it: a younger one was refused for another reason than the token (an
	 * endpoint the account may not use), and the API's answer reaches the caller as it
	 * is. Zero renews on every 401.
	 */
	private Duration rejectedTokenMinAge = Duration.ofSeconds(5);

	/**
	 * Whether the service account's session is refreshed in the background shortly before
	 * its refresh token runs out while no call does, so that an idle application keeps
	 * its session (a tenth of refresh-token-lifetime ahead, at least refresh-ahead).
	 */
	private boolean keepAlive = true;

	/**
	 * Connect timeout of the Login and RefreshToken calls.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * Response timeout of the Login and RefreshToken calls.
	 */
	private Duration responseTimeout = Duration.ofSeconds(10);

	/**
	 * Longest time blocking code (RestClient, RestTemplate, BlockingTokenAccess) waits
	 * for an access token while it is renewed.
	 */
	private Duration blockingTimeout = Duration.ofSeconds(30);

	/**
	 * Whether to log in while the application context starts, so that wrong credentials
	 * stop the application.
	 */
	private boolean loginOnStartup;

	/**
	 * Whether to allow a plain-http base URL for a host other than loopback.
	 */
	private boolean allowInsecureHttp;

	/**
	 * Whose tokens the starter keeps: one service account's, or each user's own session.
	 */
	private Mode mode = Mode.SERVICE_ACCOUNT;

	/**
	 * Name of the HTTP service group whose clients call the API: they get the base URL
	 * and the token.
	 */
	private String httpServiceGroup = "marketiger";

	private final Retry retry = new Retry();

	private final Store store = new Store();

	private final Sessions sessions = new Sessions();

	private final OAuth2Client oauth2Client = new OAuth2Client();

	private final Ssl ssl = new Ssl();

	public String getHttpServiceGroup() {
		return this.httpServiceGroup;
	}

	public void setHttpServiceGroup(String httpServiceGroup) {
		this.httpServiceGroup = httpServiceGroup;
	}

	public Mode getMode() {
		return this.mode;
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	public Sessions getSessions() {
		return this.sessions;
	}

	public OAuth2Client getOauth2Client() {
		return this.oauth2Client;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getEmail() {
		return this.email;
	}

	public void setEmail(@Nullable String email) {
		this.email = email;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getAccessToken() {
		return this.accessToken;
	}

	public void setAccessToken(@Nullable String accessToken) {
		this.accessToken = accessToken;
	}

	public @Nullable String getRefreshToken() {
		return this.refreshToken;
	}

	public void setRefreshToken(@Nullable String refreshToken) {
		this.refreshToken = refreshToken;
	}

	public Duration getRefreshAhead() {
		return this.refreshAhead;
	}

	public void setRefreshAhead(Duration refreshAhead) {
		this.refreshAhead = refreshAhead;
	}

	public Duration getClockSkew() {
		return this.clockSkew;
	}

	public void setClockSkew(Duration clockSkew) {
		this.clockSkew = clockSkew;
	}

	public Duration getRefreshTokenLifetime() {
		return this.refreshTokenLifetime;
	}

	public void setRefreshTokenLifetime(Duration refreshTokenLifetime) {
		this.refreshTokenLifetime = refreshTokenLifetime;
	}

	public Duration getDefaultAccessTokenLifetime() {
		return this.defaultAccessTokenLifetime;
	}

	public void setDefaultAccessTokenLifetime(Duration defaultAccessTokenLifetime) {
		this.defaultAccessTokenLifetime = defaultAccessTokenLifetime;
	}

	public Duration getRejectedTokenMinAge() {
		return this.rejectedTokenMinAge;
	}

	public void setRejectedTokenMinAge(Duration rejectedTokenMinAge) {
		this.rejectedTokenMinAge = rejectedTokenMinAge;
	}

	public boolean isKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(boolean keepAlive) {
		this.keepAlive = keepAlive;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getResponseTimeout() {
		return this.responseTimeout;
	}

	public void setResponseTimeout(Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
	}

	public Duration getBlockingTimeout() {
		return this.blockingTimeout;
	}

	public void setBlockingTimeout(Duration blockingTimeout) {
		this.blockingTimeout = blockingTimeout;
	}

	public boolean isLoginOnStartup() {
		return this.loginOnStartup;
	}

	public void setLoginOnStartup(boolean loginOnStartup) {
		this.loginOnStartup = loginOnStartup;
	}

	public boolean isAllowInsecureHttp() {
		return this.allowInsecureHttp;
	}

	public void setAllowInsecureHttp(boolean allowInsecureHttp) {
		this.allowInsecureHttp = allowInsecureHttp;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Store getStore() {
		return this.store;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	/**
	 * Return the base URL as a URI, without surrounding whitespace.
	 * @return the base URL as a URI
	 */
	public URI baseUri() {
		return URI.create(this.baseUrl.trim());
	}

	/**
	 * Retries of a Login or RefreshToken call that failed transiently.
	 */
	public static class Retry {

		/**
		 * Calls in one attempt, the first one included.
		 */
		private int maxAttempts = 4;

		/**
		 * Backoff before the first retry; it doubles with each retry, with jitter.
		 */
		private Duration initialBackoff = Duration.ofMillis(200);

		/**
		 * Longest backoff, and longest Retry-After waited for within one attempt.
		 */
		private Duration maxBackoff = Duration.ofSeconds(5);

		/**
		 * Longest pause of the renewals after Login rejected the credentials or
		 * re-authentication is required: from max-backoff, doubling with each such
		 * failure in a row. Callers fail at once meanwhile.
		 */
		private Duration maxLoginBackoff = Duration.ofMinutes(5);

		/**
		 * Longest pause of the renewals that a server's Retry-After imposes.
		 */
		private Duration maxRetryAfter = Duration.ofSeconds(60);

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getMaxLoginBackoff() {
			return this.maxLoginBackoff;
		}

		public void setMaxLoginBackoff(Duration maxLoginBackoff) {
			this.maxLoginBackoff = maxLoginBackoff;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * Where the tokens are kept.
	 */
	public static class Store {

		/**
		 * Kind of token store.
		 */
		private StoreType type = StoreType.MEMORY;

		private final Redis redis = new Redis();

		public StoreType getType() {
			return this.type;
		}

		public void setType(StoreType type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * The Redis token store, shared by the instances of a cluster.
	 */
	public static class Redis {

		/**
		 * Prefix of the Redis keys.
		 */
		private String keyPrefix = "marketiger:auth:";

		/**
		 * How long the cluster-wide refresh lease lasts without renewal, and how long
		 * Redis must be unreachable before an instance refreshes alone.
		 */
		private Duration leaseTime = Duration.ofSeconds(30);

		/**
		 * Longest an instance holds the refresh lease, however long its renewal takes;
		 * three lease times when not set.
		 */
		private @Nullable Duration maxLeaseHold;

		/**
		 * Base64 AES-256 key; when set, tokens at rest are encrypted with AES-GCM.
		 */
		private @Nullable String encryptionKey;

		/**
		 * Base64 AES-256 keys used before the encryption key, to read pairs they sealed;
		 * each pair is sealed with the current key at its next write.
		 */
		private List<String> previousEncryptionKeys = new ArrayList<>();

		/**
		 * How long a session's keys outlive its refresh token before Redis expires them.
		 */
		private Duration keyTimeToLiveMargin = Duration.ofHours(1);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getLeaseTime() {
			return this.leaseTime;
		}

		public void setLeaseTime(Duration leaseTime) {
			this.leaseTime = leaseTime;
		}

		public @Nullable Duration getMaxLeaseHold() {
			return this.maxLeaseHold;
		}

		public void setMaxLeaseHold(@Nullable Duration maxLeaseHold) {
			this.maxLeaseHold = maxLeaseHold;
		}

		public @Nullable String getEncryptionKey() {
			return this.encryptionKey;
		}

		public void setEncryptionKey(@Nullable String encryptionKey) {
			this.encryptionKey = encryptionKey;
		}

		public List<String> getPreviousEncryptionKeys() {
			return this.previousEncryptionKeys;
		}

		public void setPreviousEncryptionKeys(List<String> previousEncryptionKeys) {
			this.previousEncryptionKeys = previousEncryptionKeys;
		}

		public Duration getKeyTimeToLiveMargin() {
			return this.keyTimeToLiveMargin;
		}

		public void setKeyTimeToLiveMargin(Duration keyTimeToLiveMargin) {
			this.keyTimeToLiveMargin = keyTimeToLiveMargin;
		}

	}

	/**
	 * Per-user sessions, with {@code marketiger.auth.mode=per-user}.
	 */
	public static class Sessions {

		/**
		 * How long an unused session's token service stays in memory; its tokens stay in
		 * the store.
		 */
		private Duration idleTimeout = Duration.ofMinutes(30);

		/**
		 * Page where a user connects the MarkeTiger account. When set, a request whose
		 * handler fails because a session needs a new login redirects a browser there and
		 * answers other clients 401 with a problem detail.
		 */
		private @Nullable String connectUri;

		/**
		 * Most sessions whose token services stay in memory; beyond it, the least
		 * recently used leave memory first.
		 */
		private int maxActive = 10000;

		/**
		 * Whether to keep the credentials a user connects with in memory, to log in again
		 * when the session cannot be refreshed; they are never written to the token
		 * store.
		 */
		private boolean storeCredentials;

		/**
		 * Whether each user's session in memory is refreshed in the background shortly
		 * before its refresh token runs out while no call does. Sessions leave memory
		 * after idle-timeout, and are not kept alive after that.
		 */
		private boolean keepAlive;

		public @Nullable String getConnectUri() {
			return this.connectUri;
		}

		public void setConnectUri(@Nullable String connectUri) {
			this.connectUri = connectUri;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public int getMaxActive() {
			return this.maxActive;
		}

		public void setMaxActive(int maxActive) {
			this.maxActive = maxActive;
		}

		public boolean isStoreCredentials() {
			return this.storeCredentials;
		}

		public void setStoreCredentials(boolean storeCredentials) {
			this.storeCredentials = storeCredentials;
		}

		public boolean isKeepAlive() {
			return this.keepAlive;
		}

		public void setKeepAlive(boolean keepAlive) {
			this.keepAlive = keepAlive;
		}

	}

	/**
	 * Per-user tokens kept by Spring Security's OAuth2 Client, for the registration
	 * {@code spring.security.oauth2.client.registration.<registration-id>}.
	 */
	public static class OAuth2Client {

		/**
		 * Id of the Spring Security OAuth2 Client registration the MarkeTiger provider
		 * acts for.
		 */
		private String registrationId = "marketiger";

		/**
		 * How long the providers keep a user's session (its newest pair and its pause
		 * after a failure) in memory after its last use; the pair stays in the authorized
		 * client service.
		 */
		private Duration rotationMemory = Duration.ofMinutes(10);

		public String getRegistrationId() {
			return this.registrationId;
		}

		public void setRegistrationId(String registrationId) {
			this.registrationId = registrationId;
		}

		public Duration getRotationMemory() {
			return this.rotationMemory;
		}

		public void setRotationMemory(Duration rotationMemory) {
			this.rotationMemory = rotationMemory;
		}

	}

	/**
	 * SSL of the Login and RefreshToken calls.
	 */
	public static class Ssl {

		/**
		 * SSL bundle (spring.ssl.bundle.*) the Login and RefreshToken calls use; without
		 * one, spring.http.clients.ssl.bundle or the JVM's defaults.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Whose tokens the starter keeps.
	 */
	public enum Mode {

		/**
		 * One session, of the configured service account.
		 */
		SERVICE_ACCOUNT,

		/**
		 * One session per user, connected by the application.
		 */
		PER_USER

	}

	/**
	 * Kinds of token store.
	 */
	public enum StoreType {

		/**
		 * Tokens in this process's memory.
		 */
		MEMORY,

		/**
		 * Tokens in Redis, shared by every instance.
		 */
		REDIS

	}

}
