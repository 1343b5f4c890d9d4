package com.marketiger3d.auth.autoconfigure;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Checks {@link MarketigerAuthProperties} for the auto-configurations that use them: the
 * first problem stops the context with an {@link InvalidMarketigerAuthPropertyException}
 * naming the property. Values are never quoted, as some are secrets (Spring Boot's own
 * binding errors would echo them).
 */
final class MarketigerAuthPropertiesValidator {

	private static final String PREFIX = "marketiger.auth.";

	private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private MarketigerAuthPropertiesValidator() {
	}

	/**
	 * Check every value of {@code properties}.
	 * @param properties the bound properties
	 * @throws InvalidMarketigerAuthPropertyException for the first value that is wrong
	 */
	static void validate(MarketigerAuthProperties properties) {
		validateBaseUrl(properties);
		validateMode(properties);
		validateCredentials(properties);
		requireNonNegative("refresh-ahead", properties.getRefreshAhead());
		requireNonNegative("clock-skew", properties.getClockSkew());
		if (properties.getRefreshAhead().compareTo(properties.getClockSkew()) < 0) {
			throw invalid("refresh-ahead", "must not be shorter than marketiger.auth.clock-skew");
		}
		requirePositive("refresh-token-lifetime", properties.getRefreshTokenLifetime());
		requirePositive("default-access-token-lifetime", properties.getDefaultAccessTokenLifetime());
		requireNonNegative("rejected-token-min-age", properties.getRejectedTokenMinAge());
		requirePositive("connect-timeout", properties.getConnectTimeout());
		if (properties.getConnectTimeout().toMillis() > Integer.MAX_VALUE) {
			throw invalid("connect-timeout", "must be shorter than 24 days");
		}
		requirePositive("response-timeout", properties.getResponseTimeout());
		requirePositive("blocking-timeout", properties.getBlockingTimeout());
		if (!StringUtils.hasText(properties.getHttpServiceGroup())) {
			throw invalid("http-service-group", "must not be blank");
		}
		validateRetry(properties.getRetry());
		validateSessions(properties.getSessions());
		validateOAuth2Client(properties.getOauth2Client());
		validateStore(properties.getStore());
		validateRedisStore(properties.getStore(), properties.getConnectTimeout().plus(properties.getResponseTimeout()));
	}

	private static void validateBaseUrl(MarketigerAuthProperties properties) {
		String property = "base-url";
		String baseUrl = properties.getBaseUrl();
		if (!StringUtils.hasText(baseUrl)) {
			throw invalid(property, "must not be empty");
		}
		URI uri;
		try {
			uri = new URI(baseUrl.trim());
		}
		catch (URISyntaxException ex) {
			throw invalid(property, "is not a valid URL");
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw invalid(property, "must be an absolute http or https URL");
		}
		if (uri.getHost() == null) {
			throw invalid(property, "must name a host");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid(property, "must not carry user information; use marketiger.auth.email and password");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw invalid(property, "must not have a query or a fragment");
		}
		if (scheme.equals("http") && !properties.isAllowInsecureHttp() && !isLoopback(uri.getHost())) {
			throw invalid(property, "uses plain http for a host other than loopback; use https, or set"
					+ " marketiger.auth.allow-insecure-http=true");
		}
	}

	private static boolean isLoopback(String host) {
		if (host.equalsIgnoreCase("localhost")) {
			return true;
		}
		String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
		if (!IPV4_LITERAL.matcher(literal).matches() && !literal.contains(":")) {
			return false;
		}
		try {
			// Only IP literals get here, so no name lookup happens.
			return InetAddress.getByName(literal).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static void validateMode(MarketigerAuthProperties properties) {
		if (properties.getMode() == null) {
			throw invalid("mode", "must be 'service-account' or 'per-user'");
		}
	}

	private static void validateCredentials(MarketigerAuthProperties properties) {
		String email = properties.getEmail();
		String password = properties.getPassword();
		String accessToken = properties.getAccessToken();
		String refreshToken = properties.getRefreshToken();
		boolean hasEmail = email != null;
		boolean hasPassword = password != null;
		if (hasEmail && !StringUtils.hasText(email)) {
			throw invalid("email", "must not be blank");
		}
		if (hasPassword && !StringUtils.hasLength(password)) {
			throw invalid("password", "must not be empty");
		}
		if (hasEmail && !hasPassword) {
			throw invalid("password", "must be set when marketiger.auth.email is set");
		}
		if (hasPassword && !hasEmail) {
			throw invalid("email", "must be set when marketiger.auth.password is set");
		}
		if (accessToken != null && !StringUtils.hasText(accessToken)) {
			throw invalid("access-token", "must not be blank");
		}
		if (refreshToken != null && !StringUtils.hasText(refreshToken)) {
			throw invalid("refresh-token", "must not be blank");
		}
		if (refreshToken != null && accessToken == null) {
			throw invalid("access-token",
					"must be set when marketiger.auth.refresh-token is set (RefreshToken needs both)");
		}
		if (!hasEmail && accessToken == null && properties.isLoginOnStartup()) {
			throw invalid("login-on-startup", "needs a service account: set marketiger.auth.email and password, or"
					+ " marketiger.auth.access-token");
		}
		if (!hasEmail && accessToken == null && properties.getMode() == MarketigerAuthProperties.Mode.SERVICE_ACCOUNT) {
			throw invalid("email", "must be set, with marketiger.auth.password, unless marketiger.auth.access-token"
					+ " is set: without either no token can be obtained");
		}
	}

	private static void validateRetry(MarketigerAuthProperties.Retry retry) {
		if (retry.getMaxAttempts() < 1 || retry.getMaxAttempts() > 100) {
			throw invalid("retry.max-attempts", "must be between 1 and 100");
		}
		requirePositive("retry.initial-backoff", retry.getInitialBackoff());
		requirePositive("retry.max-backoff", retry.getMaxBackoff());
		if (retry.getMaxBackoff().compareTo(retry.getInitialBackoff()) < 0) {
			throw invalid("retry.max-backoff", "must not be shorter than marketiger.auth.retry.initial-backoff");
		}
		requirePositive("retry.max-login-backoff", retry.getMaxLoginBackoff());
		if (retry.getMaxLoginBackoff().compareTo(retry.getMaxBackoff()) < 0) {
			throw invalid("retry.max-login-backoff", "must not be shorter than marketiger.auth.retry.max-backoff");
		}
		requirePositive("retry.max-retry-after", retry.getMaxRetryAfter());
	}

	private static void validateSessions(MarketigerAuthProperties.Sessions sessions) {
		String connectUri = sessions.getConnectUri();
		if (StringUtils.hasText(connectUri) && !isPathOrUrl(connectUri)) {
			throw invalid("sessions.connect-uri", "must be a path or an absolute URL");
		}
		requirePositive("sessions.idle-timeout", sessions.getIdleTimeout());
		if (sessions.getMaxActive() < 1) {
			throw invalid("sessions.max-active", "must be at least 1");
		}
	}

	private static void validateOAuth2Client(MarketigerAuthProperties.OAuth2Client oauth2Client) {
		if (!StringUtils.hasText(oauth2Client.getRegistrationId())) {
			throw invalid("oauth2-client.registration-id", "must not be blank");
		}
		requirePositive("oauth2-client.rotation-memory", oauth2Client.getRotationMemory());
	}

	private static void validateStore(MarketigerAuthProperties.Store store) {
		if (store.getType() == null) {
			throw invalid("store.type", "must be 'memory' or 'redis'");
		}
		MarketigerAuthProperties.Redis redis = store.getRedis();
		if (!StringUtils.hasText(redis.getKeyPrefix())) {
			throw invalid("store.redis.key-prefix", "must not be blank");
		}
		requirePositive("store.redis.lease-time", redis.getLeaseTime());
		if (redis.getMaxLeaseHold() != null && redis.getMaxLeaseHold().compareTo(redis.getLeaseTime()) < 0) {
			throw invalid("store.redis.max-lease-hold", "must be at least marketiger.auth.store.redis.lease-time");
		}
		String encryptionKey = redis.getEncryptionKey();
		if (encryptionKey != null) {
			requireAesKey("store.redis.encryption-key", encryptionKey);
		}
		List<String> previousKeys = redis.getPreviousEncryptionKeys();
		for (int i = 0; i < previousKeys.size(); i++) {
			requireAesKey("store.redis.previous-encryption-keys[" + i + "]", previousKeys.get(i));
		}
		requirePositive("store.redis.key-time-to-live-margin", redis.getKeyTimeToLiveMargin());
	}

	private static void requireAesKey(String name, @Nullable String value) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode((value != null) ? value.trim() : "");
		}
		catch (IllegalArgumentException ex) {
			throw invalid(name, "is not valid base64");
		}
		if (key.length != 32) {
			throw invalid(name, "must be 32 bytes (AES-256) once base64-decoded");
		}
	}

	private static void validateRedisStore(MarketigerAuthProperties.Store store, Duration maxCallDuration) {
		if (store.getType() != MarketigerAuthProperties.StoreType.REDIS) {
			return;
		}
		if (!ClassUtils.isPresent("org.springframework.data.redis.connection.ReactiveRedisConnectionFactory", null)
				|| !ClassUtils.isPresent("io.lettuce.core.RedisClient", null)) {
			throw invalid("store.type", "'redis' needs Spring Data Redis and Lettuce on the classpath (add"
					+ " spring-boot-starter-data-redis-reactive)");
		}
		if (store.getRedis().getLeaseTime().compareTo(maxCallDuration.multipliedBy(2)) < 0) {
			throw invalid("store.redis.lease-time", "must be at least twice marketiger.auth.connect-timeout plus"
					+ " marketiger.auth.response-timeout, so that an auth call always fits in the renewed lease");
		}
	}

	private static void requireNonNegative(String property, @Nullable Duration value) {
		if (value == null || value.isNegative()) {
			throw invalid(property, "must not be negative");
		}
	}

	private static void requirePositive(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(property, "must be positive");
		}
	}

	private static boolean isPathOrUrl(String value) {
		try {
			return !URI.create(value.trim()).isOpaque();
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static InvalidMarketigerAuthPropertyException invalid(String property, String problem) {
		return new InvalidMarketigerAuthPropertyException(PREFIX + property, problem);
	}

}
