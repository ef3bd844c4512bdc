"""Word lists and sentence templates for the benchmark corpus.

Everything here is plain data: `corpus.py` picks from these lists with a seeded random generator,
so their order is part of the corpus and changing them changes every generated file (bump
`corpus.GENERATOR_VERSION` when you do).

Placeholders filled by `corpus.py`:
    {u}  the subject unit, lower case type word ("xã Tân Thành Bình")   {U} the same, capitalised
    {name} the bare name ("Tân Thành Bình")   {kind} its type word ("xã")   {ubnd} "UBND xã Tân Thành Bình"
    {where} the unit with its parents ("xã Tân Thành Bình, huyện Mỏ Cày Bắc, tỉnh Bến Tre")
    {u_paren} the unit with its nearest parent in brackets   {parent} the nearest parent ("huyện Mỏ Cày Bắc")
    {province} ("tỉnh Bến Tre")   {peers} the units it is ranked among
    {period} {Period} a reporting period ("10 tháng năm 2024")   {year} {prev_year}
    {official} {role} a named official and their role   {neighbour} another unit of the same parent
    figures: {received} {resolved} {resolved_frac} {resolved_rate} {early} {on_time} {on_time_rate}
    {late_phrase} {pending} {online} {online_rate} {direct} {pay_rate} {digit_rate} {lvl3} {lvl4}
    {score} {rank} {rank_of} {grade} {s766} {sat_rate} {rank_delta} {score_delta} {procedures}
    {digitized} {doc_rate} {mail_rate} {fee} {feedback} {target} {software} {day} {month} {streak}
    {units_ok} {units_all} {received_round} {next_year} {Citizen} {Name} {on_time_only}
"""

from __future__ import annotations

# Real provincial news outlets, keyed by the province's bare name as the gazetteer spells it.
OUTLETS: dict[str, str] = {
    "Hà Nội": "hanoimoi.vn",
    "Hà Giang": "baohagiang.vn",
    "Cao Bằng": "baocaobang.vn",
    "Bắc Kạn": "baobackan.vn",
    "Tuyên Quang": "baotuyenquang.com.vn",
    "Lào Cai": "baolaocai.vn",
    "Điện Biên": "baodienbienphu.com.vn",
    "Lai Châu": "baolaichau.vn",
    "Sơn La": "baosonla.vn",
    "Yên Bái": "baoyenbai.com.vn",
    "Hoà Bình": "baohoabinh.com.vn",
    "Thái Nguyên": "baothainguyen.vn",
    "Lạng Sơn": "baolangson.vn",
    "Quảng Ninh": "baoquangninh.vn",
    "Bắc Giang": "baobacgiang.vn",
    "Phú Thọ": "baophutho.vn",
    "Vĩnh Phúc": "baovinhphuc.com.vn",
    "Bắc Ninh": "baobacninh.vn",
    "Hải Dương": "baohaiduong.vn",
    "Hải Phòng": "baohaiphong.vn",
    "Hưng Yên": "baohungyen.vn",
    "Thái Bình": "baothaibinh.com.vn",
    "Hà Nam": "baohanam.com.vn",
    "Nam Định": "baonamdinh.vn",
    "Ninh Bình": "baoninhbinh.org.vn",
    "Thanh Hóa": "baothanhhoa.vn",
    "Nghệ An": "baonghean.vn",
    "Hà Tĩnh": "baohatinh.vn",
    "Quảng Bình": "baoquangbinh.vn",
    "Quảng Trị": "baoquangtri.vn",
    "Huế": "huengaynay.vn",
    "Đà Nẵng": "baodanang.vn",
    "Quảng Nam": "baoquangnam.vn",
    "Quảng Ngãi": "baoquangngai.vn",
    "Bình Định": "baobinhdinh.vn",
    "Phú Yên": "baophuyen.vn",
    "Khánh Hòa": "baokhanhhoa.vn",
    "Ninh Thuận": "baoninhthuan.com.vn",
    "Bình Thuận": "baobinhthuan.com.vn",
    "Kon Tum": "baokontum.com.vn",
    "Gia Lai": "baogialai.com.vn",
    "Đắk Lắk": "baodaklak.vn",
    "Đắk Nông": "baodaknong.vn",
    "Lâm Đồng": "baolamdong.vn",
    "Bình Phước": "baobinhphuoc.com.vn",
    "Tây Ninh": "baotayninh.vn",
    "Bình Dương": "baobinhduong.vn",
    "Đồng Nai": "baodongnai.com.vn",
    "Bà Rịa - Vũng Tàu": "baobariavungtau.com.vn",
    "Hồ Chí Minh": "sggp.org.vn",
    "Long An": "baolongan.vn",
    "Tiền Giang": "baoapbac.vn",
    "Bến Tre": "baodongkhoi.vn",
    "Trà Vinh": "baotravinh.vn",
    "Vĩnh Long": "baovinhlong.vn",
    "Đồng Tháp": "baodongthap.vn",
    "An Giang": "baoangiang.com.vn",
    "Kiên Giang": "baokiengiang.vn",
    "Cần Thơ": "baocantho.com.vn",
    "Hậu Giang": "baohaugiang.com.vn",
    "Sóc Trăng": "baosoctrang.org.vn",
    "Bạc Liêu": "baobaclieu.vn",
    "Cà Mau": "baocamau.vn",
}

# The portal follows the Mekong delta most closely; these provinces get extra weight.
FOCUS_PROVINCES: tuple[str, ...] = (
    "Bến Tre", "Tây Ninh", "Long An", "Vĩnh Long", "Trà Vinh", "Tiền Giang", "Đồng Tháp", "Cần Thơ",
)

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
            "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Châu")
MIDDLE_NAMES = ("Văn", "Thị", "Minh", "Quang", "Thanh", "Hữu", "Ngọc", "Đức", "Hoàng", "Kim", "Công", "")
GIVEN_NAMES = ("Hữu", "Vinh", "Hùng", "Lan", "Phương", "Tâm", "Dũng", "Hạnh", "Thảo", "Trung", "Nga",
               "Tuấn", "Hiền", "Phúc", "Khoa", "Nhân", "Bình", "Yến", "Sơn", "Thủy", "Long", "Trang")
ROLES = ("Chủ tịch", "Phó chủ tịch", "Phó chủ tịch thường trực", "Chánh Văn phòng", "Công chức Văn phòng")

LABELS = ("Tot", "Tot", "Tot", "Tot", "Kha", "Kha", "TB", "Chua tot")
TAGS = ("cải cách hành chính", "CCHC", "thủ tục hành chính", "một cửa", "dịch vụ công trực tuyến",
        "chuyển đổi số", "chỉ số CCHC", "PAR INDEX", "Bộ chỉ số 766", "số hóa", "chính quyền số")
SOFTWARE = ("VNPT-iOffice", "eOffice", "iDesk", "Hệ thống quản lý văn bản và điều hành của tỉnh")
GRADES = ("tốt", "tốt", "khá", "khá", "trung bình")
BYLINES = ("Bài, ảnh: {name}", "{name}", "Tin, ảnh: {name}", "{name} (tổng hợp)", "Bài và ảnh: {name}")
URL_SECTIONS = ("chinh-tri", "thoi-su", "xa-hoi", "chinh-quyen", "cai-cach-hanh-chinh", "dia-phuong")

TITLES: tuple[str, ...] = (
    "{Name} thực hiện tốt công tác cải cách hành chính",
    "{U}: Nâng cao chất lượng giải quyết thủ tục hành chính",
    "{Name} đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính",
    "{U} giải quyết đúng hạn {on_time_rate} hồ sơ thủ tục hành chính",
    "Chỉ số cải cách hành chính {u} năm {prev_year} xếp thứ {rank}/{rank_of}",
    "Hơn {received_round} hồ sơ được tiếp nhận tại {u} trong {period}",
    "Bộ phận một cửa {u} phục vụ người dân ngày càng tốt hơn",
    "{Name} tạo chuyển biến trong cải cách hành chính",
    "Cải cách hành chính ở {u}: Lấy sự hài lòng của người dân làm thước đo",
    "{U} nâng tỷ lệ thanh toán trực tuyến lên {pay_rate}",
    "Kiểm soát thủ tục hành chính ở {u} đi vào nền nếp",
    "{Period}, {u} có {online} hồ sơ nộp trực tuyến",
)
TITLE_NO_LATE = "{U}: {period} không có hồ sơ trễ hẹn"

# Lead paragraph: an opening sentence, then one or two follow-ups.
LEAD_OPENINGS: tuple[str, ...] = (
    "Ngay từ đầu năm {year}, {ubnd} đã ban hành kế hoạch cải cách hành chính, kế hoạch kiểm soát thủ tục "
    "hành chính và kế hoạch tuyên truyền, giao việc cụ thể cho từng cán bộ, công chức.",
    "Thời gian qua, {u_paren} xác định cải cách hành chính là nhiệm vụ trọng tâm, gắn với việc nâng "
    "cao chất lượng phục vụ người dân và doanh nghiệp.",
    "Năm {year}, công tác cải cách hành chính tại {where} tiếp tục có nhiều chuyển biến tích cực, nhất là ở "
    "khâu tiếp nhận và trả kết quả hồ sơ.",
    "Với phương châm “lấy người dân làm trung tâm”, cấp ủy, chính quyền {u} tập trung chỉ đạo việc rút "
    "ngắn thời gian giải quyết hồ sơ và công khai minh bạch mọi quy trình.",
    "Sáng {day}.{month}, {ubnd} tổ chức hội nghị sơ kết công tác cải cách hành chính {period}, triển khai "
    "nhiệm vụ thời gian tới.",
    "Không còn cảnh người dân phải đi lại nhiều lần, Bộ phận một cửa của {u} nay đã trở thành điểm "
    "giao dịch thân thiện, gọn gàng và nhanh chóng.",
)
LEAD_FOLLOWUPS: tuple[str, ...] = (
    "Người đứng đầu trực tiếp theo dõi, đôn đốc tiến độ; kết quả thực hiện được đưa vào tiêu chí đánh giá, "
    "xếp loại cán bộ cuối năm.",
    "Các quy trình nội bộ được rà soát, niêm yết công khai tại Bộ phận một cửa và trên Cổng dịch vụ công "
    "của tỉnh.",
    "Nhờ vậy, mức độ hài lòng của người dân khi đến giao dịch ngày càng được nâng lên.",
    "Việc phân công nhiệm vụ rõ người, rõ việc, rõ thời gian hoàn thành giúp công tác điều hành thống nhất "
    "và thông suốt.",
    "Địa phương cũng chú trọng bồi dưỡng kỹ năng giao tiếp, ứng xử cho đội ngũ trực tiếp tiếp dân.",
)

CAPTIONS: tuple[str, ...] = (
    "Người dân làm thủ tục tại Bộ phận một cửa {ubnd}.",
    "Công chức {u} hướng dẫn người dân nộp hồ sơ trực tuyến.",
    "Quang cảnh Bộ phận tiếp nhận và trả kết quả của {u}.",
    "Lãnh đạo {u} kiểm tra công tác giải quyết thủ tục hành chính.",
)

# Dossier figures: the paragraph a figure extractor cares most about.
DOSSIER_OPENINGS: tuple[str, ...] = (
    "{role} {ubnd} {official} cho biết: Trong {period}, Bộ phận một cửa đã tiếp nhận, giải quyết và trả "
    "kết quả {resolved_frac} hồ sơ theo yêu cầu của tổ chức và công dân (đạt tỷ lệ {resolved_rate}).",
    "Theo báo cáo của {ubnd}, {period} địa phương đã tiếp nhận {received} hồ sơ; trong đó hồ sơ trực "
    "tuyến {online}, hồ sơ trực tiếp và qua dịch vụ bưu chính công ích {direct}.",
    "Tính từ đầu năm đến nay, {u} tiếp nhận tổng cộng {received} hồ sơ thủ tục hành chính, đã giải quyết "
    "{resolved} hồ sơ, đạt {resolved_rate}.",
    "Trong {period}, tổng số hồ sơ cần giải quyết của {u} là {received}, đã giải quyết xong {resolved} "
    "hồ sơ.",
)
DOSSIER_FOLLOWUPS: tuple[str, ...] = (
    "Số hồ sơ giải quyết trước hạn là {early}, đúng hạn {on_time_only}, {late_phrase}.",
    "Tỷ lệ giải quyết đúng hạn và trước hạn đạt {on_time_rate}, {late_phrase}.",
    "Trong số này, {on_time} hồ sơ được trả đúng và trước hạn (chiếm {on_time_rate}); {late_phrase}.",
    "Hiện còn {pending} hồ sơ đang giải quyết, tất cả đều còn trong hạn.",
    "Đối với các hồ sơ liên thông giữa các cấp, {u} thực hiện đúng quy trình, {late_phrase}.",
)
LATE_NONE: tuple[str, ...] = ("không có hồ sơ trễ hẹn", "không có hồ sơ quá hạn", "không có hồ sơ trễ hạn")
LATE_SOME: tuple[str, ...] = ("trễ hạn {late} hồ sơ", "còn {late} hồ sơ quá hạn do phải xác minh thêm",
                              "{late} hồ sơ trễ hẹn đã được gửi thư xin lỗi người dân")

ONLINE_SENTENCES: tuple[str, ...] = (
    "Về dịch vụ công trực tuyến, {u} đã tiếp nhận {online} hồ sơ trực tuyến, chiếm {online_rate} tổng số "
    "hồ sơ.",
    "Tỷ lệ thanh toán trực tuyến đạt {pay_rate}; tỷ lệ số hóa hồ sơ, kết quả giải quyết thủ tục hành chính "
    "đạt {digit_rate}.",
    "Trong {period}, {u} đã tiếp nhận và trả kết quả {lvl3}/{lvl3} hồ sơ dịch vụ công mức độ 3, "
    "{lvl4}/{lvl4} hồ sơ dịch vụ công mức độ 4 (đạt tỷ lệ 100%).",
    "Hiện {u} có {procedures} thủ tục hành chính được cung cấp trực tuyến toàn trình và một phần trên Cổng "
    "dịch vụ công quốc gia.",
    "Cán bộ một cửa thường xuyên hướng dẫn người dân tạo tài khoản định danh điện tử và nộp hồ sơ trên Cổng "
    "dịch vụ công, giảm đáng kể thời gian đi lại.",
    "Nhiều ấp, khóm đã thành lập tổ công nghệ số cộng đồng để hỗ trợ người cao tuổi nộp hồ sơ trực tuyến.",
)

INDEX_SENTENCES: tuple[str, ...] = (
    "Kết quả Chỉ số cải cách hành chính năm {prev_year}, {u} đạt {score} điểm, xếp thứ {rank}/{rank_of} "
    "{peers}, xếp loại {grade}.",
    "So với năm trước, {u} tăng {rank_delta} bậc và tăng {score_delta} điểm.",
    "Mức độ hài lòng của người dân đối với sự phục vụ của cơ quan hành chính đạt {sat_rate}.",
    "Đây là năm thứ {streak} liên tiếp {u} được xếp loại {grade} về cải cách hành chính.",
)
INDEX_766 = ("Ở Bộ chỉ số phục vụ người dân, doanh nghiệp theo Quyết định 766/QĐ-TTg, {u} đạt {s766} "
             "điểm, xếp loại {grade}.")
UNIT_COUNT_SENTENCE = ("Có {units_ok}/{units_all} đơn vị trực thuộc đạt tỷ lệ giải quyết hồ sơ đúng hạn "
                       "trên 98%.")

OFFICE_SENTENCES: tuple[str, ...] = (
    "Đối với hiện đại hóa nền hành chính, {u} sử dụng phần mềm {software} trong toàn bộ hoạt động điều "
    "hành; có {doc_rate} văn bản đi được gửi dưới dạng điện tử.",
    "Có {mail_rate} cán bộ, công chức thường xuyên sử dụng hộp thư điện tử công vụ.",
    "Trong {period}, {u} đã số hóa được hơn {digitized} kết quả giải quyết thủ tục hành chính.",
    "Trang thiết bị làm việc được đầu tư đầy đủ, kết nối mạng ổn định, tạo thuận lợi cho việc xử lý hồ sơ "
    "trên môi trường mạng.",
    "Chữ ký số đã được sử dụng ở hầu hết các lĩnh vực, kể cả chứng thực bản sao điện tử từ bản chính.",
)

FINANCE_SENTENCES: tuple[str, ...] = (
    "Trong cải cách tài chính công, đơn vị thực hiện đúng quy chế chi tiêu nội bộ, công khai dự toán và "
    "quyết toán ngân sách theo quy định.",
    "Phí, lệ phí thu được qua giải quyết thủ tục hành chính trong {period} đạt {fee}.",
    "Kỷ luật, kỷ cương hành chính được siết chặt; giờ giấc làm việc của cán bộ được kiểm tra định kỳ và "
    "đột xuất.",
    "Tài sản công được quản lý, sử dụng đúng mục đích, đúng tiêu chuẩn, định mức.",
)

CITIZEN_SENTENCES: tuple[str, ...] = (
    "Công tác tuyên truyền cải cách hành chính được thực hiện bằng nhiều hình thức như loa truyền thanh, "
    "trang thông tin điện tử và các nhóm Zalo của ấp, khóm.",
    "Đường dây nóng và hòm thư góp ý được duy trì; trong {period}, {u} tiếp nhận {feedback} phản ánh, kiến "
    "nghị và đã trả lời đầy đủ.",
    "Người dân đến giao dịch được bố trí ghế ngồi, nước uống, máy lấy số thứ tự và màn hình tra cứu hồ sơ.",
    "Cùng với {neighbour}, {u} là một trong những địa phương triển khai sớm mô hình “giờ vàng tiếp dân”.",
)

DIFFICULTY_SENTENCES: tuple[str, ...] = (
    "Tuy vậy, một bộ phận người dân lớn tuổi chưa quen sử dụng dịch vụ công trực tuyến; hạ tầng mạng ở "
    "một số ấp còn chưa ổn định.",
    "Một số hồ sơ đất đai phải xác minh nguồn gốc nên thời gian giải quyết còn kéo dài.",
    "Đội ngũ công chức một cửa còn kiêm nhiệm nhiều việc, trong khi khối lượng hồ sơ ngày càng tăng.",
    "Việc đồng bộ dữ liệu giữa các phần mềm chuyên ngành đôi lúc còn chậm, ảnh hưởng đến tiến độ.",
)

PLAN_SENTENCES: tuple[str, ...] = (
    "Thời gian tới, {u} tiếp tục rà soát, đơn giản hóa thủ tục hành chính, phấn đấu tỷ lệ hồ sơ giải quyết "
    "đúng hạn đạt trên {target}%.",
    "Địa phương sẽ đẩy mạnh chuyển đổi số, nâng tỷ lệ hồ sơ trực tuyến toàn trình và thanh toán không dùng "
    "tiền mặt.",
    "{ubnd} cũng sẽ tăng cường kiểm tra công vụ, xử lý nghiêm cán bộ gây phiền hà cho người dân.",
    "Mục tiêu năm {next_year} là không để hồ sơ trễ hạn và duy trì xếp loại {grade} về cải cách hành chính.",
)

QUOTES: tuple[str, ...] = (
    "“Công tác cải cách hành chính luôn được lãnh đạo địa phương quan tâm, thường xuyên chỉ đạo, kiểm tra, "
    "đôn đốc. Trách nhiệm của người đứng đầu và công chức một cửa ngày càng được nâng cao, mọi hồ sơ đều "
    "được xử lý đúng trình tự”. ({role} {ubnd} {official})",
    "“Chúng tôi xác định sự hài lòng của người dân là thước đo hiệu quả công việc. Hồ sơ nào chậm phải có "
    "lý do rõ ràng và xin lỗi người dân bằng văn bản”, {role} {ubnd} {official} nhấn mạnh.",
    "{Citizen}, một người dân đến làm thủ tục chứng thực, chia sẻ: “Giờ đến xã làm giấy tờ rất "
    "nhanh, cán bộ hướng dẫn tận tình, không phải chờ đợi như trước”.",
)
