package com.marketiger3d.simulator;

/**
 * The documented values of {@code error.type} in a failure envelope.
 */
enum ErrorType {

	NOT_FOUND, OPERATION_FAILED, AUTHENTICATION, INCORRECT_PARAMETERS, NO_PERMISSION, INCORRECT_PROJECT

}
