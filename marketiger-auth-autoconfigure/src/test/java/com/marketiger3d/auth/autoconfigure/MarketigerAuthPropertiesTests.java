package com.marketiger3d.auth.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link MarketigerAuthProperties} and the configuration metadata generated
 * from it.
 */
class MarketigerAuthPropertiesTests {

	/** The configuration table of the design, with its defaults ({@code null}: none). */
	private static final Map<String, String> DOCUMENTED = documented();

	@Test
	void defaultsAreTheDocumentedOnes() {
		MarketigerAuthProperties properties = new MarketigerAuthProperties();
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getBaseUrl()).isEqualTo("https://devapi.marketiger3d.com/v2");
		assertThat(properties.getEmail()).isNull();
		assertThat(properties.getPassword()).isNull();
		assertThat(properties.getAccessToken()).isNull();
		assertThat(properties.getRefreshToken()).isNull();
		assertThat(properties.getRefreshAhead()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.getClockSkew()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getRefreshTokenLifetime()).isEqualTo(Duration.ofHours(12));
		assertThat(properties.getDefaultAccessTokenLifetime()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.getResponseTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getBlockingTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getRetry().getMaxAttempts()).isEqualTo(4);
		assertThat(properties.getRetry().getInitialBackoff()).isEqualTo(Duration.ofMillis(200));
		assertThat(properties.getRetry().getMaxBackoff()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.isLoginOnStartup()).isFalse();
		assertThat(properties.isAllowInsecureHttp()).isFalse();
		assertThat(properties.getStore().getType()).isEqualTo(MarketigerAuthProperties.StoreType.MEMORY);
		assertThat(properties.getStore().getRedis().getKeyPrefix()).isEqualTo("marketiger:auth:");
		assertThat(properties.getStore().getRedis().getLeaseTime()).isEqualTo(Duration.ofSeconds(30));
		assertThat(properties.getStore().getRedis().getEncryptionKey()).isNull();
		assertThat(properties.getMode()).isEqualTo(MarketigerAuthProperties.Mode.SERVICE_ACCOUNT);
		assertThat(properties.getSessions().getIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
		assertThat(properties.getSessions().getMaxActive()).isEqualTo(10000);
		assertThat(properties.getSessions().isStoreCredentials()).isFalse();
		assertThat(properties.getOauth2Client().getRegistrationId()).isEqualTo("marketiger");
		assertThat(properties.getOauth2Client().getRotationMemory()).isEqualTo(Duration.ofMinutes(10));
	}

	@Test
	void perUserModeNeedsNoCredentials() {
		MarketigerAuthProperties properties = new MarketigerAuthProperties();
		properties.setMode(MarketigerAuthProperties.Mode.PER_USER);
		MarketigerAuthPropertiesValidator.validate(properties);
		properties.setLoginOnStartup(true);
		assertThatExceptionOfType(InvalidMarketigerAuthPropertyException.class)
			.isThrownBy(() -> MarketigerAuthPropertiesValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("marketiger.auth.login-on-startup"));
		properties.setLoginOnStartup(false);
		properties.setMode(MarketigerAuthProperties.Mode.SERVICE_ACCOUNT);
		assertThatExceptionOfType(InvalidMarketigerAuthPropertyException.class)
			.isThrownBy(() -> MarketigerAuthPropertiesValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("marketiger.auth.email"));
	}

	@Test
	void invalidSessionLimitsNameTheirProperty() {
		MarketigerAuthProperties properties = new MarketigerAuthProperties();
		properties.setMode(MarketigerAuthProperties.Mode.PER_USER);
		properties.getSessions().setMaxActive(0);
		assertThatExceptionOfType(InvalidMarketigerAuthPropertyException.class)
			.isThrownBy(() -> MarketigerAuthPropertiesValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("marketiger.auth.sessions.max-active"));
		properties.getSessions().setMaxActive(1);
		properties.getSessions().setIdleTimeout(Duration.ZERO);
		assertThatExceptionOfType(InvalidMarketigerAuthPropertyException.class)
			.isThrownBy(() -> MarketigerAuthPropertiesValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("marketiger.auth.sessions.idle-timeout"));
		properties.getSessions().setIdleTimeout(Duration.ofMinutes(1));
		properties.setMode(null);
		assertThatExceptionOfType(InvalidMarketigerAuthPropertyException.class)
			.isThrownBy(() -> MarketigerAuthPropertiesValidator.validate(properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("marketiger.auth.mode"));
	}

	@Test
	void defaultsWithCredentialsAreValid() {
		MarketigerAuthProperties properties = new MarketigerAuthProperties();
		properties.setEmail("robot@example.com");
		properties.setPassword("secret");
		MarketigerAuthPropertiesValidator.validate(properties);
		assertThat(properties.baseUri()).isEqualTo(URI.create("https://devapi.marketiger3d.com/v2"));
	}

	@Test
	void baseUriIgnoresSurroundingWhitespace() {
		MarketigerAuthProperties properties = new MarketigerAuthProperties();
		properties.setBaseUrl("  https://api.example.com/v2 ");
		assertThat(properties.baseUri()).isEqualTo(URI.create("https://api.example.com/v2"));
	}

	@Test
	void validateNamesPropertyAndProblemWithoutTheValue() {
		MarketigerAuthProperties properties = new MarketigerAuthProperties();
		properties.setEmail("robot@example.com");
		properties.setPassword("secret");
		properties.setBaseUrl("https://user:hunter2@api.example.com/v2");
		assertThatExceptionOfType(InvalidMarketigerAuthPropertyException.class)
			.isThrownBy(() -> MarketigerAuthPropertiesValidator.validate(properties))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("marketiger.auth.base-url");
				assertThat(ex.getProblem()).startsWith("must not carry user information");
				assertThat(ex.getMessage()).startsWith("Invalid configuration property 'marketiger.auth.base-url': ")
					.doesNotContain("hunter2");
			});
	}

	@Test
	void metadataListsEveryDocumentedPropertyWithDescription() throws IOException {
		Map<String, JsonNode> metadata = metadata();
		assertThat(metadata.keySet()).containsAll(DOCUMENTED.keySet());
		DOCUMENTED.keySet().forEach((name) -> {
			JsonNode property = metadata.get(name);
			assertThat(property.path("description").asString("")).as("description of %s", name).isNotBlank();
			assertThat(property.path("description").asString("")).as("description of %s", name)
				.doesNotStartWith("The ")
				.doesNotStartWith("A ");
		});
	}

	@Test
	void metadataListsNoUndocumentedProperty() throws IOException {
		assertThat(DOCUMENTED.keySet()).containsAll(metadata().keySet());
	}

	@Test
	void metadataShowsTheDocumentedDefaults() throws IOException {
		Map<String, JsonNode> metadata = metadata();
		DOCUMENTED.forEach((name, documentedDefault) -> {
			JsonNode value = metadata.get(name).get("defaultValue");
			String actual = (value == null || value.isNull()) ? null : value.asString();
			assertThat(actual).as("default of %s", name).isEqualTo(documentedDefault);
		});
	}

	@Test
	void metadataDescribesBooleansWithWhether() throws IOException {
		Map<String, JsonNode> metadata = metadata();
		assertThat(metadata).hasEntrySatisfying("marketiger.auth.enabled",
				(node) -> assertThat(node.path("description").asString("")).startsWith("Whether"));
		assertThat(metadata).hasEntrySatisfying("marketiger.auth.login-on-startup",
				(node) -> assertThat(node.path("description").asString("")).startsWith("Whether"));
		assertThat(metadata).hasEntrySatisfying("marketiger.auth.allow-insecure-http",
				(node) -> assertThat(node.path("description").asString("")).startsWith("Whether"));
	}

	@Test
	void metadataHasDurationTypeForEveryTimeSpan() throws IOException {
		Map<String, JsonNode> metadata = metadata();
		for (String name : List.of("refresh-ahead", "clock-skew", "refresh-token-lifetime",
				"default-access-token-lifetime", "rejected-token-min-age", "connect-timeout", "response-timeout",
				"blocking-timeout", "retry.initial-backoff", "retry.max-backoff", "retry.max-login-backoff",
				"retry.max-retry-after", "store.redis.lease-time", "store.redis.key-time-to-live-margin",
				"sessions.idle-timeout")) {
			assertThat(metadata.get("marketiger.auth." + name).path("type").asString("")).as("type of %s", name)
				.isEqualTo("java.time.Duration");
		}
	}

	@Test
	void documentedTableIsComplete() {
		assertThat(DOCUMENTED).hasSize(39).contains(entry("marketiger.auth.store.type", "memory"));
	}

	/**
	 * The {@code marketiger.auth.*} properties of every metadata file on the classpath:
	 * the one generated into {@code target/classes} holds them.
	 */
	@Test
	void metadataHasTheHealthSwitchAndValueHintsForModeAndStoreType() throws IOException {
		JsonNode metadata = ownMetadata();
		assertThat(metadata.path("properties"))
			.filteredOn(
					(property) -> property.path("name").asString("").equals("management.health.marketigerauth.enabled"))
			.singleElement()
			.satisfies((property) -> {
				assertThat(property.path("type").asString("")).isEqualTo("java.lang.Boolean");
				assertThat(property.path("defaultValue").asBoolean(false)).isTrue();
				assertThat(property.path("description").asString("")).startsWith("Whether");
			});
		Map<String, List<String>> hints = new LinkedHashMap<>();
		for (JsonNode hint : metadata.path("hints")) {
			List<String> values = new java.util.ArrayList<>();
			hint.path("values").forEach((value) -> values.add(value.path("value").asString("")));
			hints.put(hint.path("name").asString(""), values);
		}
		assertThat(hints).containsEntry("marketiger.auth.mode", List.of("service-account", "per-user"))
			.containsEntry("marketiger.auth.store.type", List.of("memory", "redis"));
		for (MarketigerAuthProperties.Mode mode : MarketigerAuthProperties.Mode.values()) {
			assertThat(hints.get("marketiger.auth.mode"))
				.contains(mode.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		for (MarketigerAuthProperties.StoreType type : MarketigerAuthProperties.StoreType.values()) {
			assertThat(hints.get("marketiger.auth.store.type")).contains(type.name().toLowerCase(Locale.ROOT));
		}
	}

	private static JsonNode ownMetadata() throws IOException {
		for (URL resource : Collections.list(MarketigerAuthPropertiesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = resource.openStream()) {
				JsonNode metadata = JsonMapper.builder().build().readTree(in);
				for (JsonNode group : metadata.path("groups")) {
					if (group.path("name").asString("").equals("marketiger.auth")) {
						return metadata;
					}
				}
			}
		}
		throw new AssertionError("No configuration metadata with the marketiger.auth group");
	}

	private static Map<String, JsonNode> metadata() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, JsonNode> properties = new LinkedHashMap<>();
		List<URL> resources = Collections.list(MarketigerAuthPropertiesTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"));
		for (URL resource : resources) {
			try (InputStream in = resource.openStream()) {
				for (JsonNode property : json.readTree(in).path("properties")) {
					String name = property.path("name").asString("");
					if (name.startsWith("marketiger.auth.")) {
						properties.put(name, property);
					}
				}
			}
		}
		assertThat(properties).as("marketiger.auth properties in the configuration metadata").isNotEmpty();
		return properties;
	}

	private static Map<String, String> documented() {
		Map<String, String> table = new LinkedHashMap<>();
		table.put("marketiger.auth.enabled", "true");
		table.put("marketiger.auth.base-url", "https://devapi.marketiger3d.com/v2");
		table.put("marketiger.auth.email", null);
		table.put("marketiger.auth.password", null);
		table.put("marketiger.auth.access-token", null);
		table.put("marketiger.auth.refresh-token", null);
		table.put("marketiger.auth.refresh-ahead", "60s");
		table.put("marketiger.auth.clock-skew", "10s");
		table.put("marketiger.auth.refresh-token-lifetime", "12h");
		table.put("marketiger.auth.default-access-token-lifetime", "5m");
		table.put("marketiger.auth.rejected-token-min-age", "5s");
		table.put("marketiger.auth.keep-alive", "true");
		table.put("marketiger.auth.connect-timeout", "5s");
		table.put("marketiger.auth.response-timeout", "10s");
		table.put("marketiger.auth.blocking-timeout", "30s");
		table.put("marketiger.auth.retry.max-attempts", "4");
		table.put("marketiger.auth.retry.initial-backoff", "200ms");
		table.put("marketiger.auth.retry.max-backoff", "5s");
		table.put("marketiger.auth.retry.max-login-backoff", "5m");
		table.put("marketiger.auth.retry.max-retry-after", "60s");
		table.put("marketiger.auth.login-on-startup", "false");
		table.put("marketiger.auth.allow-insecure-http", "false");
		table.put("marketiger.auth.store.type", "memory");
		table.put("marketiger.auth.store.redis.key-prefix", "marketiger:auth:");
		table.put("marketiger.auth.store.redis.lease-time", "30s");
		table.put("marketiger.auth.store.redis.max-lease-hold", null);
		table.put("marketiger.auth.store.redis.encryption-key", null);
		table.put("marketiger.auth.store.redis.previous-encryption-keys", null);
		table.put("marketiger.auth.store.redis.key-time-to-live-margin", "1h");
		table.put("marketiger.auth.mode", "service-account");
		table.put("marketiger.auth.http-service-group", "marketiger");
		table.put("marketiger.auth.sessions.idle-timeout", "30m");
		table.put("marketiger.auth.sessions.max-active", "10000");
		table.put("marketiger.auth.sessions.store-credentials", "false");
		table.put("marketiger.auth.sessions.keep-alive", "false");
		table.put("marketiger.auth.sessions.connect-uri", null);
		table.put("marketiger.auth.oauth2-client.registration-id", "marketiger");
		table.put("marketiger.auth.oauth2-client.rotation-memory", "10m");
		table.put("marketiger.auth.ssl.bundle", null);
		return Collections.unmodifiableMap(table);
	}

}
