package com.marketiger3d.auth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiErrorType}.
 */
class ApiErrorTypeTests {

	@Test
	void hasTheDocumentedValues() {
		assertThat(ApiErrorType.NOT_FOUND.value()).isZero();
		assertThat(ApiErrorType.OPERATION_FAILED.value()).isEqualTo(1);
		assertThat(ApiErrorType.AUTHENTICATION.value()).isEqualTo(2);
		assertThat(ApiErrorType.INCORRECT_PARAMETERS.value()).isEqualTo(3);
		assertThat(ApiErrorType.NO_PERMISSION.value()).isEqualTo(4);
		assertThat(ApiErrorType.INCORRECT_PROJECT.value()).isEqualTo(5);
	}

	@Test
	void findsTypeByValue() {
		for (ApiErrorType type : ApiErrorType.values()) {
			assertThat(ApiErrorType.fromValue(type.value())).contains(type);
		}
		assertThat(ApiErrorType.fromValue(6)).isEmpty();
		assertThat(ApiErrorType.fromValue(-1)).isEmpty();
		assertThat(ApiErrorType.fromValue(Long.MAX_VALUE)).isEmpty();
	}

	@Test
	void findsTypeByNameIgnoringCaseAndSurroundingSpace() {
		assertThat(ApiErrorType.fromName("AUTHENTICATION")).contains(ApiErrorType.AUTHENTICATION);
		assertThat(ApiErrorType.fromName(" incorrect_project ")).contains(ApiErrorType.INCORRECT_PROJECT);
		assertThat(ApiErrorType.fromName("Authentication failed")).isEmpty();
		assertThat(ApiErrorType.fromName("")).isEmpty();
	}

}
