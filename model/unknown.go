package model

import (
	"slices"
	"strings"

	"github.com/respec-dev/respec/internal/editdist"
)

// UnknownParam is a request key respec does not know: neither a parameter of
// ModifyPrepayInstanceSpec (nor a well-formed Disk.N key) nor one of the RPC common and
// signature parameters (CommonParams). The API ignores such a key, and so does every rule; the
// plan carries a warning for it, because a misspelt parameter ("Autopay") silently takes its
// parameter's default.
type UnknownParam struct {
	// Key is the key as given, shortened and quoted for display when it is longer than 64
	// bytes or holds anything but printable ASCII.
	Key string `json:"Key"`
	// Suggestion is the parameter Key probably means ("AutoPay" for "Autopay"), "" when no
	// known key is close: the same name in another letter case, or one at most two edits
	// away (ignoring case).
	Suggestion string `json:"Suggestion,omitempty"`
}

// commonParams are the RPC common and signature parameters that any Alibaba Cloud RPC call
// may carry (the official SDKs' V2 signature path puts them in the query, SDK-PROTOCOL §1.1):
// the request parser accepts them without a warning and without checking their values. The
// hidden common parameters OwnerId, ResourceOwnerId, OwnerAccount and ResourceOwnerAccount are
// parameters of the operation (ParamOwnerID, ...) and so not listed here.
var commonParams = [...]string{
	"Action", "Version", "Format", "AccessKeyId", "Signature", "SignatureMethod", "SignatureVersion",
	"SignatureNonce", "SignatureType", "Timestamp", "SecurityToken", "BearerToken",
}

// CommonParams returns the RPC common and signature parameter names the parser accepts
// silently (a fresh copy).
func CommonParams() []string { return slices.Clone(commonParams[:]) }

// operationParams are the parameters of the operation other than Disk.N, in table order (by
// number). Read-only.
var operationParams = [numParams]string{
	pInstanceID: ParamInstanceID, pRegionID: ParamRegionID, pInstanceType: ParamInstanceType,
	pOperatorType: ParamOperatorType, pClientToken: ParamClientToken, pAutoPay: ParamAutoPay,
	pMigrateAcrossZone: ParamMigrateAcrossZone, pSystemDiskCategory: ParamSystemDiskCategory,
	pRebootTime: ParamRebootTime, pEndTime: ParamEndTime, pRebootWhenFinished: ParamRebootWhenFinished,
	pModifyMode: ParamModifyMode, pOwnerID: ParamOwnerID, pResourceOwnerID: ParamResourceOwnerID,
	pOwnerAccount: ParamOwnerAccount, pResourceOwnerAccount: ParamResourceOwnerAccount,
}

// commonKey is keyIndex's answer for an RPC common parameter; otherKey for a key that is
// neither one nor a parameter of the operation.
const (
	commonKey = -2
	otherKey  = -1
)

// keyIndex returns the number of the operation parameter k names, commonKey for an RPC common
// parameter, otherKey for any other key (Disk.* keys included).
func keyIndex(k string) int {
	if len(k) >= len(keysByLength) {
		return otherKey
	}
	for _, e := range keysByLength[len(k)] {
		if e.name == k {
			return e.index
		}
	}
	return otherKey
}

// keysByLength lists the known keys by length, each with its keyIndex, so that a key is
// compared only with the few of its length. Read-only.
var keysByLength = func() (t [maxKnownKey + 1][]knownKey) {
	for i, p := range operationParams {
		t[len(p)] = append(t[len(p)], knownKey{p, i})
	}
	for _, p := range commonParams {
		t[len(p)] = append(t[len(p)], knownKey{p, commonKey})
	}
	return t
}()

// maxKnownKey is the length of the longest known key (ResourceOwnerAccount).
const maxKnownKey = len(ParamResourceOwnerAccount)

// knownKey is one entry of keysByLength.
type knownKey struct {
	name  string
	index int
}

// maxSuggestKey is the longest key a suggestion is looked for (longer keys are never close to
// a parameter name, and the edit distance stays cheap).
const maxSuggestKey = 40

// unknown returns the keys of w that respec does not know, sorted, each with its suggestion.
// Disk.* keys are not looked at (the Disk.N checks refuse a malformed one). w is settled:
// extra is sorted and holds each key once.
func (w *wire) unknown() []UnknownParam {
	var out []UnknownParam
	for _, p := range w.extra {
		if strings.HasPrefix(p.k, "Disk.") {
			continue
		}
		out = append(out, UnknownParam{Key: shortName(p.k), Suggestion: suggest(p.k)})
	}
	return out
}

// suggest returns the known key k probably means: the one equal to k ignoring ASCII case,
// else the closest one at most two edits away (ignoring case; the first in table order on a
// tie), else "". A key "disk.N.field" in another case suggests its Disk.N spelling.
func suggest(k string) string {
	if len(k) > maxSuggestKey {
		return ""
	}
	if d := diskSuggestion(k); d != "" {
		return d
	}
	if p := foldMatch(k); p != "" {
		return p
	}
	return closest(k)
}

// knownKeys yields the known keys in table order: the operation's, then the common ones.
func knownKeys(yield func(string) bool) {
	for _, set := range [...][]string{operationParams[:], commonParams[:]} {
		for _, p := range set {
			if !yield(p) {
				return
			}
		}
	}
}

// foldMatch returns the known key equal to k ignoring ASCII case, or "".
func foldMatch(k string) string {
	for p := range knownKeys {
		if asciiEqualFold(k, p) {
			return p
		}
	}
	return ""
}

// closest returns the known key closest to k at most two edits away, ignoring case (the
// first in table order on a tie), or "".
func closest(k string) string {
	best, bestDist := "", 3
	lk := strings.ToLower(k)
	for p := range knownKeys {
		if d := len(p) - len(k); d >= bestDist || -d >= bestDist {
			continue
		}
		if d := editdist.Distance([]byte(lk), []byte(strings.ToLower(p)), bestDist); d < bestDist {
			best, bestDist = p, d
		}
	}
	return best
}

// diskSuggestion returns the Disk.N spelling of a key "disk.N.field" in another case, or "".
func diskSuggestion(k string) string {
	if len(k) <= 5 || !asciiEqualFold(k[:5], "Disk.") {
		return ""
	}
	rest := k[5:]
	dot := strings.IndexByte(rest, '.')
	if dot <= 0 {
		return ""
	}
	return diskFieldKey(rest[:dot+1], rest[dot+1:])
}

// diskFieldKey returns "Disk." + index + the Disk.N field that field names in another case,
// when that key parses, or "".
func diskFieldKey(index, field string) string {
	for _, f := range diskFields {
		if !asciiEqualFold(field, f) {
			continue
		}
		if _, _, ok := parseDiskKey("Disk." + index + f); ok {
			return "Disk." + index + f
		}
	}
	return ""
}
