package model

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// oldParseMap is ParseMap as it was before the map was walked once: the size added up in one
// walk, the pairs filed in a second. ParseMap is held to it.
func oldParseMap(m map[string]string) (Request, error) {
	if len(m) > MaxRequestParams {
		return Request{}, tooManyParams()
	}
	size := 0
	for k, v := range m {
		size += len(k) + len(v)
	}
	if size > MaxRequestBytes {
		return Request{}, tooLarge()
	}
	var w wire
	w.addMap(m)
	return w.parse()
}

// drawRequestMap draws a request map: the operation's parameters, Disk.N keys (well formed or
// not), common and unknown keys, with good and bad values; sometimes as many keys as allowed
// or one more, sometimes a value that brings the map to the size limit, just under or over.
func drawRequestMap(t *rapid.T) map[string]string {
	keys := append(append([]string{}, operationParams[:]...), commonParams[:]...)
	keys = append(keys, "Disk.1.DiskId", "Disk.1.Category", "Disk.1.PerformanceLevel", "Disk.16.DiskId",
		"Disk.17.DiskId", "Disk.0.Category", "Disk.01.DiskId", "Disk.x.DiskId", "Disk.2.Foo", "Autopay", "")
	values := []string{"", "i-1", "cn-hangzhou", "ecs.g6.large", "upgrade", "DOWNGRADE", "true", "False",
		"yes", "Online", "offline", "cloud_ssd", "cloud_essd", "PL1", "2030-01-02T03:04Z",
		"2030-01-02T03:04:05Z", "2030-02-30T03:04Z", "-12", "9223372036854775808", "a\x00b", "\xff",
		"é", strings.Repeat("x", MaxParamLength+1)}
	m := map[string]string{}
	for range rapid.IntRange(0, 24).Draw(t, "pairs") {
		k := rapid.OneOf(rapid.SampledFrom(keys), rapid.String()).Draw(t, "key")
		m[k] = rapid.OneOf(rapid.SampledFrom(values), rapid.String()).Draw(t, "value")
	}
	switch rapid.IntRange(0, 3).Draw(t, "edge") {
	case 1: // as many pairs as allowed, or one more
		for i := len(m); i < MaxRequestParams+rapid.IntRange(0, 1).Draw(t, "over"); i++ {
			m["k"+strconv.Itoa(i)] = "v"
		}
	case 2: // a size of the limit give or take two bytes
		used := len("Pad")
		for k, v := range m {
			if k != "Pad" {
				used += len(k) + len(v)
			}
		}
		if n := MaxRequestBytes - used + rapid.IntRange(-2, 2).Draw(t, "delta"); n >= 0 {
			m["Pad"] = strings.Repeat("a", n)
		}
	}
	return m
}

// ParseMap answers every map as the two-walk code did: the same request or the same error.
func TestParseMapAsBefore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawRequestMap(t)
		before := len(m)
		got, gerr := ParseMap(m)
		want, werr := oldParseMap(m)
		if !reflect.DeepEqual(gerr, werr) {
			t.Fatalf("error %v, want %v", gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("request %+v, want %+v", got, want)
		}
		if len(m) != before {
			t.Fatalf("the map changed: %d keys, %d before", len(m), before)
		}
	})
}

// A map over the size limit is refused however its pairs are ordered, and one at the limit is
// read, the size counting each key and each value.
func TestParseMapSizeCountsKeysAndValues(t *testing.T) {
	m := map[string]string{"InstanceId": "i-1", "RegionId": "r", "InstanceType": "t"}
	used := len("InstanceIdi-1RegionIdrInstanceTypet")
	m["Pad"] = strings.Repeat("a", MaxRequestBytes-used-len("Pad"))
	if r, err := ParseMap(m); err != nil || r.InstanceID != "i-1" {
		t.Fatalf("a map of exactly %d bytes: %v, %v", MaxRequestBytes, r.InstanceID, err)
	}
	m["Pad"] += "a"
	if _, err := ParseMap(m); !sizeErr(err) {
		t.Fatalf("a map of %d bytes: %v", MaxRequestBytes+1, err)
	}
}
