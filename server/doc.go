// Package server is respec's ECS endpoint at the wire: the RPC protocol the official Alibaba
// Cloud SDKs speak to ECS (API version 2014-05-26), over the standard library's net/http.
//
// It decodes a call (the action, its parameters, the caller's AccessKeyId and the moment),
// answers the gateway's own errors (unknown action, wrong version, a request it cannot read, a
// missing required parameter) and hands every other call to the Action a Backend registered
// for it. It writes the answer the way ECS does: application/json, 200 with the success body,
// or the error's HTTP status with {"RequestId","HostId","Code","Message","Recommend"}.
//
// What the SDKs send (see SDK-PROTOCOL.md in the project's domain notes):
//   - POST / (GET / is accepted too), every parameter in the URL query; a form body
//     (application/x-www-form-urlencoded), where a client sends one, adds parameters.
//   - V3 signing (the SDK's default, ACS3-HMAC-SHA256): the action and version in the
//     x-acs-action and x-acs-version headers, the AccessKeyId in the Authorization header's
//     Credential.
//   - V2 signing (SignatureAlgorithm "v2", older clients): Action, Version, AccessKeyId and
//     the signature parameters in the query.
//
// Signatures are accepted and not verified: the endpoint is a test double, and any key works.
// The AccessKeyId is passed on so that a backend can map it to an account or a RAM user.
//
// The package is not imported by respec's engine packages: embedding the library never pulls
// in net/http. It owns the clock (a Clock, real or manual) and passes the moment of each call
// to the backend, which stays pure.
package server
