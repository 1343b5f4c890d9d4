package com.marketiger3d.auth.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuthEndpointPath}.
 */
class AuthEndpointPathTests {

	@ParameterizedTest
	@ValueSource(strings = { "", "/", "/v2/Auth/Login", "/v2/Auth/Login/", "/v2/a.b/c..d" })
	void normalizeWhenPathIsNormalReturnsTheSameString(String path) {
		assertThat(AuthEndpointPath.normalize(path)).isSameAs(path);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/%41%5a%61%7A%30%39%2D%2E%5F%7E | /AZaz09-._~
			/%4a%4A%4b                      | /JJK
			/%2F/%2f/%3B/%3F/%23/%25/%C4%B0 | /%2F/%2f/%3B/%3F/%23/%25/%C4%B0
			/%2541uth                       | /%2541uth
			/v2/%%41                        | /v2/%A
			""")
	void normalizeDecodesUnreservedCharactersOnly(String path, String normalized) {
		assertThat(AuthEndpointPath.normalize(path)).isEqualTo(normalized);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v2/%", "/v2/%4", "/v2/%zz", "/v2/%4G/%G4", "/v2/%5Gath/%3g/%7z", "/v2/%\uFF14\uFF11",
			"%", "%4" })
	void normalizeKeepsMalformedEscapesAsTheyAre(String path) {
		assertThat(AuthEndpointPath.normalize(path)).isEqualTo(path);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			/a/b/c/./../../g    | /a/g
			mid/content=5/../6  | mid/6
			/../../a            | /a
			/a/b/..             | /a/
			/a/b/.              | /a/b/
			/a/..               | /
			//a///b//           | /a/b/
			/a;x/b;y=1;z/c;     | /a/b/c
			/a/..;x/b           | /b
			/;x/a               | /a
			/a/%2e%2E/b/%2E     | /b/
			/v2/.well-known/x   | /v2/.well-known/x
			""")
	void normalizeDropsParametersCollapsesSlashesAndRemovesDotSegments(String path, String normalized) {
		assertThat(AuthEndpointPath.normalize(path)).isEqualTo(normalized);
	}

	@Test
	void decodeEncodedSlashesReadsBothCasesAsSlashes() {
		assertThat(AuthEndpointPath.hasEncodedSlash("/v2/Auth%2FLogin%2f")).isTrue();
		assertThat(AuthEndpointPath.decodeEncodedSlashes("/v2/Auth%2FLogin%2f%2")).isEqualTo("/v2/Auth/Login/%2");
	}

	@Test
	void hasEncodedSlashFindsOneAtTheStartOfThePath() {
		assertThat(AuthEndpointPath.hasEncodedSlash("%2Fv2/Auth/Login")).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/v2/Auth/Login", "/v2/%25/%2", "/v2/%2G", "%" })
	void hasEncodedSlashWhenThereIsNoneIsFalse(String path) {
		assertThat(AuthEndpointPath.hasEncodedSlash(path)).isFalse();
	}

}
