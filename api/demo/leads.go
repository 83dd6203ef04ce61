package demo

import (
	"time"

	"leadinspector/api/base/i18n"
)

// behaviour is what the handler does for a catalogue entry.
type behaviour int

const (
	serveLead     behaviour = iota
	serveStepping           // the lead's State advances with the clock
	serveFlaky              // 503 on every other request
	serveSlow               // waits Options.SlowDelay, then the lead
	serveProxyLogin
	failBadRequest
	failForbidden
	failNotFound
	failServerJSON
	failServerHTML
)

// entry is one line of the demo's catalogue.
type entry struct {
	customer, id string
	// what says what the lead shows or triggers, for `demo --list`.
	what i18n.Message
	do   behaviour
	// lead builds the lead relative to the handler's start time, so a
	// handler's answers are stable while SentAt stays "2 h ago".
	lead func(start time.Time) *incomingLead
}

// Customers and shared parts of the fictional brokerage chain. Ids follow
// Vitec's prefixes where they are known (LED, ADR, OBJ, HAN, M); KTR for
// offices and GRP for user groups are invented.
const (
	customerOther   = "M30012" // a second office of the same chain
	customerNoGrant = "M99999" // every lead here is 403

	officeMain  = "KTR4338F8895CF13A219751FBA1FA6F447B"
	officeOther = "KTR39C083803627F32EE4F6F8AECE729E23"

	agentA = "HAN379F6990AFF8E177257CEA37007EBB9B"
	agentB = "HAN56543B592A3D61573F0E01A74F5A0E57"
	agentC = "HANDBA5CCEA3B7B5CA1B552779A3FCF0ECE"
	agentD = "HAN89004204937985CC908873D8669C6CBB"

	groupSales     = "GRP0CAC08541AC9E12320610112AC5D93DF"
	groupValuation = "GRP383C7002744A63EEC9F8FB6ADEC024AB"
)

// Lead ids of the catalogue. The failure ids are readable on purpose: a user
// trying them from `demo --list` should see what each one is for.
const (
	idOrdinary  = "LED39BDD2493FF3126D1EA37873E40D7549"
	idGroup     = "LED63658072F25AD462C3F3FD97C5A91C3F"
	idSharktank = "LED83C9592F0647FCEFD060F4B24D7ED084"
	idAnonymous = "LEDDFE31D976E83CCA69C0BE9709C968544"
	idManyUTM   = "LED689B1677144C14136B6458D67F01105D"
	idNoUTM     = "LED6A718559544374C712C3F892C2877213"
	idLongText  = "LEDE0D8E25BCAD52B81F7963B6A8D435FF3"
	idOddState  = "LED1D33672F4F525FABF15167CC56930D05"
	idOddType   = "LED49296B2254ED6E99D332564B0D935DC9"
	idSparse    = "LED20AD4B03DB2DCF1FC850630EF43B549C"
	idHostile   = "LED9BFFEEBD374C77905CC488435517E943"
	idStepping  = "LEDBD80144E581A22B63D655677D0DE3A8A"
	idFlaky     = "LED63BAEFD68415C8CFF102179A41AE17C6"

	idBadRequest = "LED-INVALID"
	idForbidden  = "LED7216862FF0AD4AE38061A04A9AC4D60D" // Vitec's example id
	idNotFound   = "LED00000000000000000000000000000000"
	idError500   = "LED-ERROR-500"
	idErrorHTML  = "LED-ERROR-500-HTML"
	idSlow       = "LED-SLOW"
	idProxy      = "LED-PROXY-LOGIN"
)

// The steps of the stepping lead and how long each lasts.
func stepStates() []string { return []string{"New", "Accepted", "Contacted"} }

const stepEvery = 20 * time.Second

// sent is a SentAt the given time before start, whole seconds plus ticks
// (100 ns units, so at most 7 fractional digits as .NET writes them).
func sent(start time.Time, ago time.Duration, ticks int) wireTime {
	t := start.Add(-ago).Truncate(time.Second).Add(time.Duration(ticks) * 100)
	return wireTime{T: t}
}

func yes() *bool { t := true; return &t }
func no() *bool  { f := false; return &f }

func mainOffice() *office  { return &office{ID: officeMain, CustomerID: CustomerID} }
func otherOffice() *office { return &office{ID: officeOther, CustomerID: customerOther} }

const day = 24 * time.Hour

// catalogue is the demo's data, built afresh for every caller (no shared
// mutable state). Successful leads first, the first one ordinary; then the
// failure ids.
func catalogue() []entry {
	return []entry{
		{CustomerID, idOrdinary, i18n.M("demo.lead.ordinary"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:  "ADR3F0E01A74F5A0E5756543B592A3D6157",
					LeadSource: &leadSource{ID: "SRC1EA37873E40D7549", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
					SentAt:     sent(s, 2*time.Hour, 7481798),
					Receiver: &receiver{
						Agent:  &agent{ID: agentA, Office: mainOffice()},
						Office: mainOffice(),
					},
					BuyingEstateID: "OBJ30011_1584736291",
					State:          "New",
					Message:        "Hej! Jag är intresserad av lägenheten och vill gärna gå på visningen på söndag. Går det att boka en privat visning innan dess?",
					IsAnonymized:   no(),
					UtmTags: []utmTag{
						{"utm_source", "hemnet"},
						{"utm_medium", "referral"},
						{"utm_campaign", "objektsida"},
					},
				}
			}},
		{CustomerID, idGroup, i18n.M("demo.lead.group"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:  "ADRB552779A3FCF0ECEDBA5CCEA3B7B5CA1",
					LeadSource: &leadSource{ID: "SRC908873D8669C6CBB", Name: "Booli", LeadType: "AcceptObjectFlow"},
					SentAt:     sent(s, 3*day+4*time.Hour, 1520034),
					Receiver: &receiver{
						UserGroup: &userGroup{ID: groupSales},
						Office:    mainOffice(),
					},
					BuyingEstateID: "OBJ30011_1591204877",
					State:          "Assigned",
					Message:        "Vill ha mer information om föreningens ekonomi och planerade renoveringar.",
					IsAnonymized:   no(),
					UtmTags: []utmTag{
						{"utm_source", "booli"},
						{"utm_medium", "cpc"},
					},
				}
			}},
		{CustomerID, idSharktank, i18n.M("demo.lead.sharktank"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:       "ADR0647FCEFD060F4B24D7ED08483C9592F",
					LeadSource:      &leadSource{ID: "SRCF3FD97C5A91C3F", Name: "Facebook Lead Ads", LeadType: "AcceptObjectFlow"},
					SentAt:          sent(s, 122*day+5*time.Hour, 3300917),
					Receiver:        &receiver{Office: mainOffice()},
					SellingEstateID: "OBJ30011_1577310452",
					State:           "New",
					Message:         "Funderar på att sälja vår villa under våren. Vad kan den vara värd?",
					IsAnonymized:    no(),
					UtmTags: []utmTag{
						{"utm_source", "facebook"},
						{"utm_medium", "paid_social"},
						{"utm_campaign", "vardering_host"},
						{"fbclid", "IwAR2xQ9demo0k3Lz7yVb1nT5sE8"},
					},
				}
			}},
		{CustomerID, idAnonymous, i18n.M("demo.lead.anonymous"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					LeadSource: &leadSource{ID: "SRC9C0BE9709C968544", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
					SentAt:     sent(s, 270*day, 9004120),
					Receiver: &receiver{
						Agent: &agent{ID: agentB, Office: mainOffice()},
					},
					BuyingEstateID: "OBJ30011_1402298815",
					State:          "Canceled",
					IsAnonymized:   yes(),
					UtmTags:        []utmTag{},
				}
			}},
		{CustomerID, idManyUTM, i18n.M("demo.lead.many_utm"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:  "ADR14136B6458D67F01105D689B1677144C",
					LeadSource: &leadSource{ID: "SRC6B6458D67F01105D", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
					SentAt:     sent(s, 5*day+7*time.Hour, 6180004),
					Receiver: &receiver{
						Agent:  &agent{ID: agentC, Office: mainOffice()},
						Office: mainOffice(),
					},
					BuyingEstateID: "OBJ30011_1601877720",
					State:          "Contacted",
					Message:        "Kan ni skicka objektsbeskrivningen?",
					IsAnonymized:   no(),
					UtmTags:        manyUTMTags(),
				}
			}},
		{CustomerID, idNoUTM, i18n.M("demo.lead.no_utm"), serveLead,
			func(s time.Time) *incomingLead {
				t := sent(s, 16*day+2*time.Hour, 2500000)
				t.Unspecified = true
				return &incomingLead{
					ContactID:       "ADR44374C712C3F892C28772136A718559",
					LeadSource:      &leadSource{ID: "SRC712C3F892C2877", Name: "Värderingsförfrågan på webben", LeadType: "AcceptObjectFlow"},
					SentAt:          t,
					Receiver:        &receiver{Agent: &agent{ID: agentD, Office: mainOffice()}, Office: mainOffice()},
					SellingEstateID: "OBJ30011_1588412096",
					State:           "Postponed",
					Message:         "Kunden återkommer efter semestern.",
					IsAnonymized:    no(),
					UtmTags:         []utmTag{},
				}
			}},
		{CustomerID, idLongText, i18n.M("demo.lead.long_text"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:       "ADRF7963B6A8D435FF3E0D8E25BCAD52B81",
					LeadSource:      &leadSource{ID: "SRC81F7963B6A8D43", Name: "Kontaktformulär på hemsidan", LeadType: "AcceptObjectFlow"},
					SentAt:          sent(s, 26*time.Hour, 4412908),
					Receiver:        &receiver{UserGroup: &userGroup{ID: groupValuation}, Office: mainOffice()},
					SellingEstateID: "OBJ30011_1612009341",
					State:           "Accepted",
					Message:         longMessage,
					IsAnonymized:    no(),
					UtmTags:         []utmTag{{"utm_source", "hemsida"}, {"utm_medium", "organic"}},
				}
			}},
		{CustomerID, idOddState, i18n.M("demo.lead.odd_state"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:      "ADRF4F525FABF15167CC56930D051D33672",
					LeadSource:     &leadSource{ID: "SRCFABF15167CC569", Name: "Booli", LeadType: "AcceptObjectFlow"},
					SentAt:         sent(s, 9*day+3*time.Hour, 0),
					Receiver:       &receiver{Agent: &agent{ID: agentA, Office: mainOffice()}, Office: mainOffice()},
					BuyingEstateID: "OBJ30011_1584736291",
					State:          "WaitingForCustomer",
					Message:        "Har ställt frågor om parkering, inväntar svar från kunden.",
					IsAnonymized:   no(),
					UtmTags:        []utmTag{{"utm_source", "booli"}},
				}
			}},
		{customerOther, idOddType, i18n.M("demo.lead.odd_type"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:      "ADR6E99D332564B0D935DC949296B2254ED",
					LeadSource:     &leadSource{ID: "SRC99D332564B0D93", Name: "Visningsbokning", LeadType: "BookViewingFlow"},
					SentAt:         sent(s, 45*time.Minute, 1000001),
					Receiver:       &receiver{Agent: &agent{ID: agentD, Office: otherOffice()}, Office: otherOffice()},
					BuyingEstateID: "OBJ30012_1620554018",
					State:          "New",
					Message:        "Bokad på visning lördag 11:00.",
					IsAnonymized:   no(),
					UtmTags:        []utmTag{{"utm_source", "hemnet"}, {"utm_medium", "visningsbokning"}},
				}
			}},
		{CustomerID, idSparse, i18n.M("demo.lead.sparse"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID: "ADRCF1FC850630EF43B549C20AD4B03DB2D",
					SentAt:    sent(s, 6*time.Hour, 5),
					State:     "New",
				}
			}},
		{CustomerID, idHostile, i18n.M("demo.lead.hostile"), serveLead,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:    "ADR5CC488435517E9439BFFEEBD374C7790",
					LeadSource:   &leadSource{ID: "SRC<script>", Name: "Hemnet \x1b[5mBLINK\x1b[0m & <b>Booli</b>", LeadType: "AcceptObjectFlow"},
					SentAt:       sent(s, 50*time.Minute, 6660666),
					Receiver:     &receiver{Agent: &agent{ID: agentB, Office: mainOffice()}, Office: mainOffice()},
					State:        "New",
					Message:      hostileMessage,
					IsAnonymized: no(),
					UtmTags: []utmTag{
						{"utm_source", "\x1b[32mgrön\x1b[0m"},
						{"utm_campaign", "\x1b]0;Ny fönstertitel\x07kampanj"},
						{"utm_content", "\u202Egpj.exe"},
						{"utm_term", `<script>alert("x")</script> & 'mer'`},
						{"utm_\x1b[1mfet", "DEL\x7f C1\u009b2J NEL\u0085 LS\u2028 BS\b"},
						{"utm_id", "\x1b]52;c;ZWNobyBoYWNrYWQ=\x07"},
					},
				}
			}},
		{CustomerID, idStepping, i18n.M("demo.lead.stepping"), serveStepping,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:      "ADRFF102179A41AE17C663BAEFD68415C8C",
					LeadSource:     &leadSource{ID: "SRC2179A41AE17C66", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
					SentAt:         sent(s, 10*time.Minute, 8123456),
					Receiver:       &receiver{Agent: &agent{ID: agentC, Office: mainOffice()}, Office: mainOffice()},
					BuyingEstateID: "OBJ30011_1601877720",
					State:          "New",
					Message:        "Ring gärna efter klockan 17.",
					IsAnonymized:   no(),
					UtmTags:        []utmTag{{"utm_source", "hemnet"}, {"utm_medium", "referral"}},
				}
			}},
		{CustomerID, idFlaky, i18n.M("demo.lead.flaky"), serveFlaky,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:      "ADRA867A89EF44F35D8FC02DE0DB02BF28C",
					LeadSource:     &leadSource{ID: "SRCF44F35D8FC02DE", Name: "Booli", LeadType: "AcceptObjectFlow"},
					SentAt:         sent(s, 20*time.Hour, 1203000),
					Receiver:       &receiver{Agent: &agent{ID: agentA, Office: mainOffice()}, Office: mainOffice()},
					BuyingEstateID: "OBJ30011_1591204877",
					State:          "Contacted",
					Message:        "Vill veta om budgivningen har startat.",
					IsAnonymized:   no(),
					UtmTags:        []utmTag{{"utm_source", "booli"}, {"utm_medium", "email"}},
				}
			}},

		{CustomerID, idBadRequest, i18n.M("demo.lead.bad_request"), failBadRequest, nil},
		{customerNoGrant, idForbidden, i18n.M("demo.lead.forbidden"), failForbidden, nil},
		{CustomerID, idNotFound, i18n.M("demo.lead.not_found"), failNotFound, nil},
		{CustomerID, idError500, i18n.M("demo.lead.error_500"), failServerJSON, nil},
		{CustomerID, idErrorHTML, i18n.M("demo.lead.error_html"), failServerHTML, nil},
		{CustomerID, idSlow, i18n.M("demo.lead.slow"), serveSlow,
			func(s time.Time) *incomingLead {
				return &incomingLead{
					ContactID:      "ADR27BD69AA2156833FFEB8FE3E3236F525",
					LeadSource:     &leadSource{ID: "SRC2156833FFEB8FE", Name: "Hemnet", LeadType: "AcceptObjectFlow"},
					SentAt:         sent(s, 30*time.Hour, 3000000),
					Receiver:       &receiver{Agent: &agent{ID: agentB, Office: mainOffice()}, Office: mainOffice()},
					BuyingEstateID: "OBJ30011_1584736291",
					State:          "New",
					Message:        "Det här leadet tog sin tid.",
					IsAnonymized:   no(),
					UtmTags:        []utmTag{},
				}
			}},
		{CustomerID, idProxy, i18n.M("demo.lead.proxy"), serveProxyLogin, nil},
	}
}

func manyUTMTags() []utmTag {
	return []utmTag{
		{"utm_source", "google"},
		{"utm_medium", "cpc"},
		{"utm_campaign", "sälj_din_bostad_2025"},
		{"utm_term", "mäklare uppsala"},
		{"utm_content", "annons_variant_b"},
		{"utm_id", "cmp-48213"},
		{"utm_source_platform", "google_ads"},
		{"utm_creative_format", "responsive_search"},
		{"utm_marketing_tactic", "prospecting"},
		{"gclid", "Cj0KCQjwdemo9uABhDmARIsAOcsvQ3r5VnW"},
		{"gbraid", "0AAAAADemoxKq7xPgZ2"},
		{"wbraid", "CkQKCAjwdemoGBhDd"},
		{"gad_source", "1"},
		{"fbclid", "IwAR0demoQZ4mYb3"},
		{"msclkid", "5f2c0demo8b1e4d"},
		{"li_fat_id", "0e9c1demo77a4"},
		{"mc_cid", "a1b2c3d4e5"},
		{"mc_eid", "f6e5d4c3b2"},
		{"_hsenc", "p2ANqtz-demo8sK"},
		{"_hsmi", "290871234"},
		{"hsa_acc", "1234567890"},
		{"hsa_cam", "17234567"},
		{"hsa_grp", "13876543"},
		{"hsa_ad", "60123456"},
		{"hsa_kw", "värdera bostad"},
	}
}

// longMessage has CRLF line endings, as a .NET back end sends text typed
// into a web form.
const longMessage = "Hej!\r\n" +
	"\r\n" +
	"Vi är ett par som funderar på att sälja vår bostadsrätt, tre rum och kök på fjärde våningen med hiss och inglasad balkong i söderläge. Lägenheten renoverades för sex år sedan: nytt kök, nytt badrum med golvvärme och nya golv i hela lägenheten.\r\n" +
	"\r\n" +
	"Föreningen är ekonomiskt stabil enligt den senaste årsredovisningen, men vi har hört att stambyte kan bli aktuellt om några år. Hur påverkar det priset, och hur brukar köpare se på det?\r\n" +
	"\r\n" +
	"Vi skulle gärna vilja ha en värdering under de närmaste veckorna. Vardagar efter klockan 16 passar bäst, men en lördagsförmiddag går också bra. Vi har en katt, så meddela gärna i förväg om någon är allergisk.\r\n" +
	"\r\n" +
	"Vi undrar också:\r\n" +
	"- vad ert arvode brukar ligga på,\r\n" +
	"- om ni hjälper till med homestyling och fotografering,\r\n" +
	"- hur lång tid en försäljning brukar ta just nu.\r\n" +
	"\r\n" +
	"Tack på förhand och vänliga hälsningar!"

// hostileMessage carries what a terminal must never receive raw: SGR colour,
// an OSC 0 title change, an OSC 52 clipboard write, a bidi override, a C1
// CSI, DEL and a backspace; plus markup and quotes for the encoders.
const hostileMessage = "Hej <b>mäklare</b> & \"kollegor\" – 'snälla' läs:\r\n" +
	"\x1b[31;1mRÖD FETSTIL\x1b[0m\x1b]0;Fönstertitel satt av servern\x07" +
	"\x1b]52;c;cm0gLXJmIH4=\x07 urklipp skrivet?\r\n" +
	"Filnamn: \u202Etxt.exe\u202C och C1-CSI: \u009b2J, DEL:\x7f, backsteg:\bX"
