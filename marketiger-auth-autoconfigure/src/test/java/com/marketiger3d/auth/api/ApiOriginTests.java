package com.marketiger3d.auth.api;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link ApiOrigin}.
 */
class ApiOriginTests {

	private final ApiOrigin origin = ApiOrigin.of(URI.create("https://devapi.marketiger3d.com/v2"));

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/Project/GetProjects",
			"https://devapi.marketiger3d.com:443/v2/Project/GetProjects", "https://DevApi.MarkeTiger3D.com/v2/x",
			"HTTPS://devapi.marketiger3d.com/v2/x", "https://devapi.marketiger3d.com",
			"https://devapi.marketiger3d.com/", "https://devapi.marketiger3d.com/other/path?q=1" })
	void matchesSameSchemeHostAndPort(String url) {
		assertThat(this.origin.isSameOrigin(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://devapi.marketiger3d.com/v2/Project/GetProjects",
			"https://devapi.marketiger3d.com:8443/v2/Project/GetProjects",
			"https://devapi.marketiger3d.com:80/v2/Project/GetProjects", "https://api.marketiger3d.com/v2/x",
			"https://marketiger3d.com/v2/x", "https://devapi.marketiger3d.com.evil.example/v2/x",
			"https://evil.example/v2/x?host=devapi.marketiger3d.com",
			"https://devapi.marketiger3d.com@evil.example/v2/x", "wss://devapi.marketiger3d.com/v2/x",
			"ftp://devapi.marketiger3d.com/v2/x", "/v2/Project/GetProjects", "mailto:someone@devapi.marketiger3d.com" })
	void refusesOtherSchemeHostOrPort(String url) {
		assertThat(this.origin.isSameOrigin(URI.create(url))).isFalse();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@Test
	void recognizesAuthEndpointsUnderABasePathWhoseLowerCaseIsLonger() {
		// found by ApiOriginFuzzTests: "\u0130".toLowerCase() has two chars
		ApiOrigin dotted = ApiOrigin.of(URI.create("https://devapi.marketiger3d.com/v2\u0130"));
		URI login = URI.create("https://devapi.marketiger3d.com/v2\u0130/Auth/Login");
		URI refresh = URI.create("https://devapi.marketiger3d.com/V2\u0130/auth/refreshtoken/");

		assertThat(dotted.isAuthEndpoint(login)).isTrue();
		assertThat(dotted.isAuthEndpoint(refresh)).isTrue();
		assertThat(dotted.shouldAuthorize(login)).isFalse();
		assertThat(dotted.shouldAuthorize(refresh)).isFalse();
	}

	@Test
	void matchesDefaultHttpPort() {
		ApiOrigin plain = ApiOrigin.of(URI.create("http://localhost/v2"));
		assertThat(plain.isSameOrigin(URI.create("http://localhost:80/v2/x"))).isTrue();
		assertThat(plain.isSameOrigin(URI.create("http://localhost:8080/v2/x"))).isFalse();
		assertThat(plain.isSameOrigin(URI.create("https://localhost/v2/x"))).isFalse();
	}

	@Test
	void matchesExplicitDefaultPortOfBaseUrl() {
		ApiOrigin explicit = ApiOrigin.of(URI.create("https://devapi.marketiger3d.com:443/v2"));
		assertThat(explicit.isSameOrigin(URI.create("https://devapi.marketiger3d.com/v2/x"))).isTrue();
	}

	@Test
	void matchesExplicitPortOnlyWithThatPort() {
		ApiOrigin local = ApiOrigin.of(URI.create("http://127.0.0.1:8089/v2"));
		assertThat(local.isSameOrigin(URI.create("http://127.0.0.1:8089/v2/x"))).isTrue();
		assertThat(local.isSameOrigin(URI.create("http://127.0.0.1/v2/x"))).isFalse();
		assertThat(local.isSameOrigin(URI.create("http://localhost:8089/v2/x"))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/Auth/Login",
			"https://devapi.marketiger3d.com/v2/Auth/RefreshToken", "https://devapi.marketiger3d.com/v2/Auth/Login/",
			"https://devapi.marketiger3d.com/v2/auth/login", "https://devapi.marketiger3d.com/V2/AUTH/REFRESHTOKEN/",
			"https://devapi.marketiger3d.com/v2/Auth/Login?returnUrl=x" })
	void detectsAuthEndpoints(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/Auth/LoginHistory",
			"https://devapi.marketiger3d.com/v2/Auth", "https://devapi.marketiger3d.com/Auth/Login",
			"https://devapi.marketiger3d.com/v3/Auth/Login", "https://devapi.marketiger3d.com/v2/Auth/Logout",
			"https://devapi.marketiger3d.com/v2/Users/Auth/Login", "https://devapi.marketiger3d.com/v2/Auth/Login/..",
			"https://devapi.marketiger3d.com/v2/Auth/Login/../Logout",
			"https://devapi.marketiger3d.com/v2/x/../Auth/LoginHistory;x",
			"https://devapi.marketiger3d.com/v2/Auth/%4Cogin%2Fx", "https://devapi.marketiger3d.com/v2/Auth/Login%25",
			"https://devapi.marketiger3d.com/v2/%2541uth/Login" })
	void doesNotTakeOtherPathsForAuthEndpoints(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isFalse();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2//Auth/Login",
			"https://devapi.marketiger3d.com/v2/Auth//RefreshToken",
			"https://devapi.marketiger3d.com//v2///Auth/Login//" })
	void detectsAuthEndpointsWhenSlashesAreRepeated(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/%41uth/Login",
			"https://devapi.marketiger3d.com/v2/Auth/L%6fgin", "https://devapi.marketiger3d.com/%76%32/Auth/Login",
			"https://devapi.marketiger3d.com/v2/%41%75%74%68/%52efresh%54oken" })
	void detectsAuthEndpointsWhenUnreservedCharactersArePercentEncoded(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/Auth/Login;x",
			"https://devapi.marketiger3d.com/v2/Auth/Login;jsessionid=1/",
			"https://devapi.marketiger3d.com/v2;a=b/Auth;c/RefreshToken;d=e;f" })
	void detectsAuthEndpointsWhenSegmentsHaveMatrixParameters(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/./Auth/Login",
			"https://devapi.marketiger3d.com/./v2/Auth/./RefreshToken/.",
			"https://devapi.marketiger3d.com/v2/%2E/Auth/Login" })
	void detectsAuthEndpointsWhenPathHasCurrentSegments(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/x/../Auth/Login",
			"https://devapi.marketiger3d.com/v2/Auth/x/y/../../RefreshToken",
			"https://devapi.marketiger3d.com/v2/x/%2e%2E/Auth/Login",
			"https://devapi.marketiger3d.com/v2/x/..;/Auth/Login",
			"https://devapi.marketiger3d.com/../../v2/Auth/Login" })
	void detectsAuthEndpointsWhenPathHasParentSegments(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://devapi.marketiger3d.com/v2/Auth%2FLogin",
			"https://devapi.marketiger3d.com/v2%2fAuth%2FRefreshToken",
			"https://devapi.marketiger3d.com/v2/Auth/Login/x%2Fy/.." })
	void detectsAuthEndpointsWhetherOrNotAnEncodedSlashIsReadAsASlash(String url) {
		assertThat(this.origin.isAuthEndpoint(URI.create(url))).isTrue();
		assertThat(this.origin.shouldAuthorize(URI.create(url))).isFalse();
	}

	@Test
	void detectsAuthEndpointsOfBaseUrlThatIsNotNormalized() {
		ApiOrigin dotted = ApiOrigin.of(URI.create("https://api.example.com/api/../v2;x/./"));
		assertThat(dotted.isAuthEndpoint(URI.create("https://api.example.com/v2/Auth/Login"))).isTrue();
		assertThat(dotted.isAuthEndpoint(URI.create("https://api.example.com/api/../v2;x/./Auth/Login"))).isTrue();
		assertThat(dotted.isAuthEndpoint(URI.create("https://api.example.com/api/v2/Auth/Login"))).isFalse();
	}

	@Test
	void detectsAuthEndpointsOfBaseUrlWithoutPath() {
		ApiOrigin root = ApiOrigin.of(URI.create("https://api.example.com"));
		assertThat(root.isAuthEndpoint(URI.create("https://api.example.com/Auth/Login"))).isTrue();
		assertThat(root.isAuthEndpoint(URI.create("https://api.example.com/Auth/RefreshToken/"))).isTrue();
		assertThat(root.isAuthEndpoint(URI.create("https://api.example.com/v2/Auth/Login"))).isFalse();
		assertThat(root.shouldAuthorize(URI.create("https://api.example.com/Project/GetProjects"))).isTrue();
	}

	@Test
	void detectsAuthEndpointsOfBaseUrlWithTrailingSlash() {
		ApiOrigin slash = ApiOrigin.of(URI.create("https://api.example.com/v2/"));
		assertThat(slash.isAuthEndpoint(URI.create("https://api.example.com/v2/Auth/Login"))).isTrue();
		assertThat(slash.isAuthEndpoint(URI.create("https://api.example.com/v2/Auth/RefreshToken"))).isTrue();
		assertThat(slash.isAuthEndpoint(URI.create("https://api.example.com/v2//Auth/Login"))).isTrue();
	}

	@Test
	void detectsAuthEndpointsOfBaseUrlWithRootSlash() {
		ApiOrigin slash = ApiOrigin.of(URI.create("https://api.example.com/"));
		assertThat(slash.isAuthEndpoint(URI.create("https://api.example.com/Auth/Login"))).isTrue();
	}

	@Test
	void detectsAuthEndpointsOfDeeperBasePath() {
		ApiOrigin deep = ApiOrigin.of(URI.create("https://gateway.example.com/marketiger/api/v2"));
		assertThat(deep.isAuthEndpoint(URI.create("https://gateway.example.com/marketiger/api/v2/Auth/Login")))
			.isTrue();
		assertThat(deep.isAuthEndpoint(URI.create("https://gateway.example.com/v2/Auth/Login"))).isFalse();
	}

	@Test
	void opaqueUrlIsNoAuthEndpoint() {
		assertThat(this.origin.isAuthEndpoint(URI.create("mailto:a@b.c"))).isFalse();
	}

	@Test
	void keepsBaseUrl() {
		URI base = URI.create("https://devapi.marketiger3d.com/v2");
		assertThat(ApiOrigin.of(base).baseUrl()).isSameAs(base);
	}

	@Test
	void refusesBaseUrlWithoutSchemeOrHost() {
		assertThatNullPointerException().isThrownBy(() -> ApiOrigin.of(URI.create("/v2")))
			.withMessageContaining("scheme");
		assertThatNullPointerException().isThrownBy(() -> ApiOrigin.of(URI.create("https:/v2")))
			.withMessageContaining("host");
	}

	@Test
	void toStringShowsOriginWithEffectivePort() {
		assertThat(this.origin).hasToString("ApiOrigin[https://devapi.marketiger3d.com:443]");
		assertThat(ApiOrigin.of(URI.create("HTTP://LocalHost/v2"))).hasToString("ApiOrigin[http://localhost:80]");
	}

}
