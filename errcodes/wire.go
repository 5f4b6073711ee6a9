package errcodes

import (
	"net/url"

	"github.com/respec-dev/respec/internal/jsonw"
)

// Body is the API's wire form of an error: the JSON object an ECS endpoint answers with, under
// the error's HTTP status. The JSON names are the API's.
type Body struct {
	RequestID string `json:"RequestId"`
	// HostID is the endpoint that answered, e.g. "ecs.cn-hangzhou.aliyuncs.com".
	HostID  string `json:"HostId"`
	Code    string `json:"Code"`
	Message string `json:"Message"`
	// Recommend is a diagnosis link for the request.
	Recommend string `json:"Recommend"`
}

// AppendJSON appends b as encoding/json writes it with HTML escaping off (the fields in
// order, the strings escaped as jsonw.String escapes them), without reflection.
func (b *Body) AppendJSON(dst []byte) []byte {
	dst = jsonw.Field(dst, '{', "RequestId", b.RequestID)
	dst = jsonw.Field(dst, ',', "HostId", b.HostID)
	dst = jsonw.Field(dst, ',', "Code", b.Code)
	dst = jsonw.Field(dst, ',', "Message", b.Message)
	return append(jsonw.Field(dst, ',', "Recommend", b.Recommend), '}')
}

// Wire returns e's body for requestID on host (e.g. "ecs.cn-hangzhou.aliyuncs.com"), with
// Recommend a diagnosis link built deterministically from the code and requestID:
//
//	https://api.aliyun.com/troubleshoot?q=<Code>&product=Ecs&requestId=<requestID>
//
// (both values query-escaped). A nil e, or one whose ID is not in the catalog, is answered as
// InternalError: an error respec cannot name is the server's fault, not the caller's.
func (e *Error) Wire(requestID, host string) Body {
	id := InternalError
	msg := InternalError.Entry().Message
	if e != nil && e.ID.Valid() {
		id, msg = e.ID, e.Message()
	}
	code := id.Code()
	return Body{
		RequestID: requestID,
		HostID:    host,
		Code:      code,
		Message:   msg,
		Recommend: "https://api.aliyun.com/troubleshoot?q=" + url.QueryEscape(code) +
			"&product=Ecs&requestId=" + url.QueryEscape(requestID),
	}
}

// HostFor returns the ECS endpoint of region: "ecs." + region + ".aliyuncs.com", or the
// central endpoint "ecs.aliyuncs.com" for an empty region.
func HostFor(region string) string {
	if region == "" {
		return "ecs.aliyuncs.com"
	}
	return "ecs." + region + ".aliyuncs.com"
}
